"""An S3-compatible object storage for tests where shared storage is the point:
moto's server mode, a real HTTP server in its own process (one per test run), with a
new bucket per test. The portal talks to it through django-storages exactly as it
would to a production bucket."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
CREDENTIALS = {"access_key": "portal-test", "secret_key": "portal-test-secret"}
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def object_storage_server(tmp_path_factory):
    """The endpoint URL of a running S3-compatible server."""
    port = _free_port()
    log = open(tmp_path_factory.mktemp("s3") / "moto.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError as error:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the S3 test server did not start") from error
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=30)


class Bucket:
    def __init__(self, endpoint: str, name: str):
        self.endpoint = endpoint
        self.name = name

    @property
    def env(self) -> dict:
        """The environment that points a web or worker process at this bucket."""
        return {
            "STORAGE_BUCKET": self.name,
            "STORAGE_ENDPOINT_URL": self.endpoint,
            "STORAGE_REGION": REGION,
            "STORAGE_ACCESS_KEY": CREDENTIALS["access_key"],
            "STORAGE_SECRET_KEY": CREDENTIALS["secret_key"],
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
        )

    def names(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture
def object_storage(object_storage_server, settings):
    """This test's files go to a new bucket of the S3-compatible server."""
    bucket = Bucket(object_storage_server, f"portal-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket.name,
                "endpoint_url": bucket.endpoint,
                "region_name": REGION,
                **CREDENTIALS,
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    return bucket
