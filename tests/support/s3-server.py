"""An S3-compatible server on loopback for the tests: moto in server mode, with credentials checked.

Started by tests/support/s3-server.ts with the toolchain's Python (CODEARTSREPO_S3_SERVER_PYTHON).
Before anything else it makes, unauthenticated, what an OBS tenant has: an IAM user allowed every
S3 action, that user's access key pair, and the state bucket. From then on moto checks every
request's signature against that key (INITIAL_NO_AUTH_ACTION_COUNT), so a wrong key is refused as
OBS refuses it. Prints one JSON line, {"endpoint", "region", "bucket", "accessKeyId",
"secretAccessKey"}, and serves until its stdin closes.
"""
import json
import sys

import boto3
from moto.server import ThreadedMotoServer

REGION, BUCKET = sys.argv[1], sys.argv[2]
# The three calls below are the only ones made without a signature; the environment the caller
# sets (INITIAL_NO_AUTH_ACTION_COUNT=3) must agree.
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
endpoint = f"http://{host}:{port}"
iam = boto3.client("iam", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="ci")
iam.put_user_policy(
    UserName="ci",
    PolicyName="state-bucket",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
)
key = iam.create_access_key(UserName="ci")["AccessKey"]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
print(json.dumps({"endpoint": endpoint, "region": REGION, "bucket": BUCKET, "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}), flush=True)
sys.stdin.read()
server.stop()
