"""examples/team-repository in Python: the same objects as examples/team-repository-yaml.

Config: projectId, maintainerId, developerId, readerId, deployPublicKey, userPublicKey and the
secret webhookToken; repositoryName and webhookUrl have defaults.
"""
import pulumi
import pulumi_codeartsrepo as codeartsrepo

config = pulumi.Config()

# The repository is where the code lives: never replace it by accident.
team = codeartsrepo.Repository(
    "team",
    project_id=config.require("projectId"),
    name=config.get("repositoryName") or "team-service",
    description="Service owned by the platform team",
    visibility="private",
    enable_readme=True,
)
# Every child resource names its repository by both ids.
repository = {"repository_id": team.repository_id, "repository_uuid": team.repository_uuid}

# Nobody pushes to master directly; maintainers merge reviewed changes.
master = codeartsrepo.ProtectedBranch(
    "master",
    **repository,
    branch="master",
    push_access="noOne",
    merge_access="maintainers",
)

# Only maintainers create release tags.
codeartsrepo.ProtectedTag("release-tags", **repository, tag="v*", create_access="maintainers")

# CI clones with this key and cannot push.
ci_key = codeartsrepo.DeployKey(
    "ci-key",
    **repository,
    title="ci (read-only)",
    key=config.require("deployPublicKey"),
    can_push=False,
)

for name, user_id, role in [
    ("alice", config.require("maintainerId"), "maintainer"),
    ("bob", config.require("developerId"), "developer"),
    ("carol", config.require("readerId"), "reader"),
]:
    codeartsrepo.Member(name, **repository, user_id=user_id, user_name=name, role=role)

# CI is told about pushes to master and release branches and about merge requests.
ci_hook = codeartsrepo.Webhook(
    "ci-hook",
    **repository,
    url=config.get("webhookUrl") or "https://ci.example.com/hooks/codearts",
    name="ci",
    token=config.require_secret("webhookToken"),
    events=["push", "tagPush", "mergeRequest"],
    branch_filter="^(master|release/.*)$",
)

codeartsrepo.SSHKey("operator", title="platform operator", key=config.require("userPublicKey"))

pulumi.export("repositoryUuid", team.repository_uuid)
pulumi.export("cloneUrls", {"https": team.https_url, "ssh": team.ssh_url})
pulumi.export("masterPushAccess", master.push_access)
pulumi.export("deployKeyFingerprint", ci_key.fingerprint)
pulumi.export("webhookId", ci_hook.hook_id)
