# One provider, two targets: real AWS (credentials and region from the usual AWS sources), or a
# LocalStack-compatible endpoint with dummy credentials and every AWS account lookup turned off.

locals {
  localstack = var.target == "localstack"
}

provider "aws" {
  region = var.region

  access_key                  = local.localstack ? "test" : null
  secret_key                  = local.localstack ? "test" : null
  skip_credentials_validation = local.localstack
  skip_metadata_api_check     = local.localstack
  skip_requesting_account_id  = local.localstack
  s3_use_path_style           = local.localstack

  # Every service this configuration calls goes to the emulator when the target is LocalStack.
  dynamic "endpoints" {
    for_each = local.localstack ? [var.localstack_endpoint] : []
    content {
      apigatewayv2 = endpoints.value
      dynamodb     = endpoints.value
      iam          = endpoints.value
      kinesis      = endpoints.value
      lambda       = endpoints.value
      logs         = endpoints.value
      s3           = endpoints.value
      sqs          = endpoints.value
      sts          = endpoints.value
    }
  }

  default_tags {
    tags = merge({ Project = "ddbstreams", ManagedBy = "terraform" }, var.tags)
  }
}
