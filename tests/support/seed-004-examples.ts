/**
 * The request and response examples of seeds/004 (the official v1/v2 reference, Chinese, 2024) for
 * the calls the route table makes, as printed, section by section. The PDF's text extraction broke
 * some examples; `repaired` names the parts that needed mechanical repair to be JSON again, and
 * nothing else was changed: a line break inside a string joined with a space, a stray quote
 * (§4.2.14 `"ssh-rsa"`), a missing `}` (§4.3.4, §4.4.1), `{}]` for `{}}` (§4.4.3), a lost
 * opening `{` (§4.10.1), trailing commas. §4.2.12's response example is cut off in the
 * reference and is left out. The route names are this table's, matched by method and path shape.
 * The v1 SSH-key examples (§4.1.1, §4.1.2, §7.1.1) and the v2 protection ones (§4.2.25, §4.2.26,
 * §4.2.28, §4.2.29) left with those deprecated calls.
 */

export interface Seed004Example {
  /** Section of seeds/004. */
  section: string;
  route: string;
  method: string;
  /** The URI line of the section. */
  path: string;
  /** The example request body, when the section prints one. */
  request?: unknown;
  /** The example response body (the whole envelope), when the section prints one. */
  response?: unknown;
  repaired: ("request" | "response")[];
}

export const seed004Examples: Seed004Example[] = [
  {
    "section": "4.2.9",
    "route": "createRepository",
    "method": "POST",
    "path": "/v1/repositories",
    "request": {
      "project_uuid": "4838955a48e2492bbe44b31bc4c272f6",
      "name": "demotest1",
      "import_members": "0",
      "visibility_level": "20"
    },
    "response": {
      "result": {
        "repository_uuid": "d161fd00d9194816a455cb3c1d6a783e"
      }
    },
    "repaired": [
      "response"
    ]
  },
  {
    "section": "4.2.12",
    "route": "listBranchesV1",
    "method": "GET",
    "path": "/v1/repositories/{repository_id}/branches",
    "repaired": []
  },
  {
    "section": "4.2.14",
    "route": "createDeployKey",
    "method": "POST",
    "path": "/v2/repositories/{repository_id}/deploy-keys",
    "request": {
      "key_title": "repo@test.com",
      "key": "ssh-rsa AAAAB3NzaC1yc2EABV repo@test.com",
      "can_push": true,
      "application": ""
    },
    "response": {
      "result": {
        "key_id": "1034546",
        "key_title": "repo@test.com",
        "key": "ssh-rsa AAAAB3NzaC1yc2EABV repo@test.com"
      },
      "status": "success"
    },
    "repaired": [
      "request",
      "response"
    ]
  },
  {
    "section": "4.2.15",
    "route": "deleteDeployKey",
    "method": "DELETE",
    "path": "/v2/repositories/{repository_id}/deploy-keys/{key_id}",
    "response": {
      "result": "false",
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.2.18",
    "route": "deleteRepository",
    "method": "DELETE",
    "path": "/v1/repositories/{repository_uuid}",
    "response": {
      "result": "false",
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.2.19",
    "route": "showRepositoryStatus",
    "method": "GET",
    "path": "/v1/repositories/{repository_uuid}/status",
    "response": {
      "result": 0,
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.2.22",
    "route": "showRepository",
    "method": "GET",
    "path": "/v2/repositories/{repository_uuid}",
    "response": {
      "result": {
        "repository_uuid": "045ceabb9aea40579d5a759e84fa7f0a",
        "repository_id": 468485,
        "repository_name": "CreatRepository_MI9Af",
        "ssh_url": "git@repo.alpha.devcloud.intest.com:Demo00228/CreatRepository_MI9Af.git",
        "https_url": "https://repo.alpha.devcloud.intest.com/Demo00228/CreatRepository_MI9Af.git",
        "group_name": "Demo00228",
        "web_url": "https://alpha.devcloud.intest.com/repo/468485/home",
        "visibility_level": 0,
        "created_at": "2019-10-15 09:40:27",
        "updated_at": null,
        "repository_size": null,
        "lfs_size": null,
        "creator_name": null,
        "domain_name": null,
        "star": null,
        "status": null,
        "is_owner": null,
        "iam_user_uuid": null,
        "project_uuid": "4838955a48e2492bbe44b31bc4c272f6",
        "project_is_deleted": "false",
        "userRole": null
      },
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.2.30",
    "route": "listBranches",
    "method": "GET",
    "path": "/v2/repositories/{repository_id}/branches",
    "response": {
      "result": {
        "total": 1,
        "branches": [
          {
            "name": "master",
            "commit": {
              "id": "2912b8f2328e798f7d544272ffaebfcccb598ab",
              "title": "Initial commit",
              "message": "Initial commit",
              "committed_date": "2021-12-06T09:24:50.000+08:00",
              "short_id": "2912b8f2",
              "committer_name": "repo"
            },
            "diverging_commit_counts": {
              "behind": 0,
              "ahead": 0
            }
          }
        ]
      },
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.3.1",
    "route": "listUserRepositories",
    "method": "GET",
    "path": "/v2/projects/repositories",
    "response": {
      "result": {
        "total": 29,
        "repositories": {
          "repository_uuid": "0bf1e7ceb5b341318cb72b42901abe54",
          "repository_name": "test-repo-1",
          "repository_size": "10.00G",
          "repository_web_url": "https://example.com/test-repo-1",
          "repository_ssh_url": "git@github.com:example/test-repo-1.git",
          "repository_https_url": "https://github.com/example/test-repo-1",
          "repository_lfs_size": "10.00G",
          "repository_user_uuid": "0bf1e7ceb5b341318cb72b42901abe54",
          "repository_iam_user_uuid": "0bf1e7ceb5b341318cb72b42901abe54",
          "repository_is_owner": 1,
          "repository_is_deleted": 0,
          "repository_star": 0,
          "repository_status": 0,
          "repository_updated_at": "2024-05-09T10:00:00Z",
          "repository_userRole": 30
        }
      }
    },
    "repaired": []
  },
  {
    "section": "4.3.4",
    "route": "listProjectRepositories",
    "method": "GET",
    "path": "/v2/projects/{project_uuid}/repositories",
    "response": {
      "result": {
        "total": 14,
        "repositories": [
          {
            "repository_uuid": "d0457f74cc5b43d989ded7248f71b4e5",
            "repository_id": 468480,
            "repository_name": "CreatRepository_2qD5i",
            "ssh_url": "git@repo.alpha.devcloud.intest.com:Demo00228/CreatRepository_2qD5i.git",
            "https_url": "https://repo.alpha.devcloud.intest.com/Demo00228/CreatRepository_2qD5i.git",
            "group_name": "Demo00228",
            "web_url": "https://alpha.devcloud.intest.com/repo/468480/home",
            "visibility_level": 0,
            "created_at": "2019-10-15 09:40:26",
            "updated_at": "2019-10-15 09:40:26",
            "repository_size": "0.06M",
            "lfs_size": "0.00M",
            "creator_name": "repo",
            "domain_name": "repo",
            "star": false,
            "status": 0,
            "is_owner": 1,
            "iam_user_uuid": "a618e34bd5704be3ae3395dfede06041",
            "project_uuid": "4838955a48e2492bbe44b31bc4c272f6",
            "project_is_deleted": "false",
            "userRole": null
          }
        ]
      }
    },
    "repaired": [
      "response"
    ]
  },
  {
    "section": "4.4.1",
    "route": "listRepositoryMembers",
    "method": "GET",
    "path": "/v1/repositories/{repository_uuid}/members",
    "response": {
      "result": {
        "total": 2,
        "users": [
          {
            "user_id": "5836",
            "name": "repo",
            "domain_name": "repo",
            "description": null,
            "enabled": null,
            "role": 40,
            "domain_id": "159b65b41ead484d8dff250a4731781",
            "email": null
          },
          {
            "user_id": "6057",
            "name": "repo",
            "domain_name": "repo",
            "description": null,
            "enabled": null,
            "role": 30,
            "domain_id": "159b65b41ead484d8dff250a4731781",
            "email": null
          }
        ]
      }
    },
    "repaired": [
      "response"
    ]
  },
  {
    "section": "4.4.2",
    "route": "addRepositoryMembers",
    "method": "POST",
    "path": "/v1/repositories/{repository_uuid}/members",
    "request": {
      "users": [
        {
          "id": "87b3dc2019f04ee788cb635eb26154ca",
          "role": 30,
          "name": "repo"
        }
      ]
    },
    "response": {
      "result": {
        "id": "87b3dc2019f04ee788cb635eb26154ca",
        "name": null,
        "message": "add user success",
        "status": "success"
      },
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.4.3",
    "route": "setRepositoryMemberRole",
    "method": "PUT",
    "path": "/v1/repositories/{repository_uuid}/members/{member_id}",
    "request": {
      "role": "40"
    },
    "response": {
      "result": {}
    },
    "repaired": [
      "response"
    ]
  },
  {
    "section": "4.4.4",
    "route": "deleteRepositoryMember",
    "method": "DELETE",
    "path": "/v1/repositories/{repository_uuid}/members/{member_id}",
    "response": {
      "result": {},
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.5.2",
    "route": "createCommit",
    "method": "POST",
    "path": "/v2/projects/{repo_id}/repository/commits",
    "response": {
      "result": {
        "id": "85a0a9d5c6e43bc9c3e443ac01f789e24eeef02b",
        "title": "some commit message",
        "message": "some commit message",
        "short_id": "85a0a9d5",
        "author_name": "repo",
        "author_email": null,
        "committer_name": "repo",
        "committer_email": null,
        "created_at": "2021-09-26T03:44:51.000Z",
        "parent_ids": [
          "5c114bb316dff4d4a046e09a5c44c816f2433140"
        ],
        "committed_date": "2021-09-26T03:44:51.000Z",
        "authored_date": null,
        "stats": {
          "additions": 1,
          "deletions": 0,
          "total": 1
        },
        "status": "success"
      }
    },
    "repaired": []
  },
  {
    "section": "4.9.3",
    "route": "validateRepositoryName",
    "method": "GET",
    "path": "/v1/projects/{project_uuid}/repositories/validation/{repository_name}",
    "response": {
      "result": true,
      "status": "success"
    },
    "repaired": []
  },
  {
    "section": "4.10.1",
    "route": "createBranch",
    "method": "POST",
    "path": "/v2/repositories/{repository_id}/branches",
    "response": {
      "result": {
        "name": "master",
        "commit": {
          "id": "3b68902cf0eb7de3d5c8757e4a990bc3fe0af349",
          "short_id": "3b68902c",
          "title": "新建文件",
          "created_at": "2022-03-08T03:14:39.000Z",
          "parent_ids": [
            "08618c900a4048aae7e4cd88913d3d521eae02eb"
          ],
          "message": "新建文件",
          "author_name": "repo",
          "committer_name": "repo",
          "committed_date": "2022-03-08T03:14:39.000Z"
        },
        "protected": true,
        "developers_can_push": false,
        "developers_can_merge": false,
        "master_can_push": false,
        "master_can_merge": false,
        "no_one_can_push": true,
        "no_one_can_merge": true,
        "in_an_opened_merge_request": false
      }
    },
    "request": {
      "ref": "master",
      "branch_name": "test"
    },
    "repaired": [
      "request"
    ]
  },
  ];
