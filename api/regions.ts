/**
 * Where each region's services answer, as the official Huawei Cloud Python SDK 3.1.219 says:
 * CodeArts Repo from `huaweicloudsdkcodeartsrepo/v4/region/codeartsrepo_region.py` (v3's module
 * is identical), IAM from `huaweicloudsdkcore/auth/endpoint.py` and `IamHelper` in
 * `huaweicloudsdkcore/auth/internal.py`. The hosts do not follow one pattern (three names are in
 * use), so they are listed, not built. tests/unit/regions.test.ts holds this table equal to
 * tests/data/official-sdk-regions.json, which scripts/official-sdk/derive-test-data.py writes from
 * the wheels.
 */

/** CodeArts Repo API endpoint of each region the SDK knows. */
export const CODEARTSREPO_ENDPOINTS: Readonly<Record<string, string>> = {
  "cn-east-2": "https://codehub-ext.cn-east-2.myhuaweicloud.com",
  "cn-south-1": "https://codehub-ext.cn-south-1.myhuaweicloud.com",
  "cn-east-3": "https://codehub-ext.cn-east-3.myhuaweicloud.com",
  "cn-north-4": "https://codehub-ext.cn-north-4.myhuaweicloud.com",
  "cn-north-1": "https://codehub-ext.cn-north-1.myhuaweicloud.com",
  "cn-south-2": "https://codehub-ext.cn-south-2.myhuaweicloud.com",
  "cn-southwest-2": "https://codehub-ext.cn-southwest-2.myhuaweicloud.com",
  "sa-brazil-1": "https://codehub-ext.sa-brazil-1.myhuaweicloud.com",
  "la-north-2": "https://codehub-ext.la-north-2.myhuaweicloud.com",
  "ap-southeast-3": "https://codehub-ext.ap-southeast-3.myhuaweicloud.com",
  "la-south-2": "https://codeartsrepo-ext.la-south-2.myhuaweicloud.com",
  "me-east-1": "https://repo.me-east-1.myhuaweicloud.com",
  "tr-west-1": "https://codeartsrepo-ext.tr-west-1.myhuaweicloud.com",
  "af-south-1": "https://repo.af-south-1.myhuaweicloud.com",
  "af-north-1": "https://repo.af-north-1.myhuaweicloud.com",
  "eu-west-101": "https://codeartsrepo-ext.eu-west-101.myhuaweicloud.com",
};

/**
 * Regions with their own IAM endpoint, `https://iam.<region>.myhuaweicloud.com` for every one of
 * them. Any other region (among CodeArts Repo's: af-north-1 and eu-west-101) uses the global IAM
 * endpoint, as the SDK does.
 */
export const REGIONAL_IAM_REGIONS: readonly string[] = [
  "cn-north-2", "cn-north-4", "cn-north-1", "cn-east-2", "cn-east-3", "cn-south-1", "cn-south-2",
  "cn-southwest-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "af-south-1", "sa-brazil-1",
  "la-south-2", "na-mexico-1", "la-north-2", "cn-north-9", "eu-west-0", "my-kualalumpur-1",
  "ru-moscow-1", "me-east-1", "ap-southeast-4", "ae-ad-1", "cn-east-4", "cn-east-5", "tr-west-1",
  "cn-north-12",
];

/** IAM's global endpoint: it issues tokens scoped to any region's project. */
export const GLOBAL_IAM_ENDPOINT = "https://iam.myhuaweicloud.com";

/** The CodeArts Repo endpoint of a region; undefined for a region the SDK does not list. */
export function codeArtsRepoEndpoint(region: string): string | undefined {
  return Object.hasOwn(CODEARTSREPO_ENDPOINTS, region) ? CODEARTSREPO_ENDPOINTS[region] : undefined;
}

export function iamEndpoint(region: string): string {
  return REGIONAL_IAM_REGIONS.includes(region) ? `https://iam.${region}.myhuaweicloud.com` : GLOBAL_IAM_ENDPOINT;
}
