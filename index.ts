/**
 * pulumi-codeartsrepo: Pulumi resources for Huawei Cloud CodeArts Repo.
 *
 * Stack configuration (`pulumi config set codeartsrepo:<key>`), each with an environment fallback:
 * endpoint (HW_CODEARTSREPO_ENDPOINT), iamEndpoint (HW_IAM_ENDPOINT), region (HW_REGION_NAME),
 * projectId (HW_PROJECT_ID, the IAM project a password token is scoped to), token (HW_AUTH_TOKEN),
 * userName (HW_USER_NAME), password (HW_USER_PASSWORD), domainName (HW_DOMAIN_NAME).
 */
export { Repository, RepositoryArgs } from "./sdk/repository";
export { Member, MemberArgs } from "./sdk/member";
export { Webhook, WebhookArgs } from "./sdk/webhook";
export { Branch, BranchArgs } from "./sdk/branch";
export { ProtectedBranch, ProtectedBranchArgs, AccessLevelName, AccessReading } from "./sdk/protected-branch";
export { ProtectedTag, ProtectedTagArgs } from "./sdk/protected-tag";
export { DeployKey, DeployKeyArgs } from "./sdk/deploy-key";
export { SSHKey, SSHKeyArgs } from "./sdk/ssh-key";
export { Label, LabelArgs } from "./sdk/label";
export { ApprovalRule, ApprovalRuleArgs } from "./sdk/approval-rule";
export { Tag, TagArgs } from "./sdk/tag";
export { MergeRequestSettings, MergeRequestSettingsArgs } from "./sdk/merge-request-settings";
export { RepositoryPolicy, RepositoryPolicyArgs } from "./sdk/repository-policy";
export { RepositoryFile, RepositoryFileArgs } from "./sdk/repository-file";
export { FilePushPermission, FilePushPermissionArgs } from "./sdk/file-push-permission";
export { ProjectWebhook, ProjectWebhookArgs } from "./sdk/project-webhook";
export { TrustedIpAddress, TrustedIpAddressArgs } from "./sdk/trusted-ip-address";
export {
  RepositoryStatistics,
  RepositoryStatisticsArgs,
  ContributorStatistics,
  DailyLines,
  RepositoryStatisticsSnapshot,
  RepositoryStatisticsStatus,
  StatisticsRun,
  triggerRepositoryStatistics,
  getRepositoryStatisticsStatus,
  getRepositoryStatisticsStatusOutput,
  getRepositoryStatistics,
  getRepositoryStatisticsOutput,
} from "./sdk/repository-statistics";
export { RepositoryEvent, RepositoryEventAuthor, RepositoryEvents, RepositoryEventsArgs, getRepositoryEvents, getRepositoryEventsOutput } from "./sdk/repository-events";
export { RepositoryIdRef } from "./sdk/common";
export {
  CodeArtsApiError,
  CodeArtsArgumentError,
  CodeArtsConfigError,
  CodeArtsError,
  CodeArtsNetworkError,
  CodeArtsOperationError,
  CodeArtsResponseError,
} from "./api/errors";
