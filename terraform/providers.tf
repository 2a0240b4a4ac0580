# One provider, three targets: real AWS (credentials and region from the usual AWS sources), or an
# emulated endpoint — the project's own local AWS endpoint ("local", `make run`) or a
# LocalStack-compatible one ("localstack") — with dummy credentials and every AWS account, credential
# and region lookup turned off.

locals {
  emulated = contains(["local", "localstack"], var.target)
  endpoint = var.target == "local" ? var.local_endpoint : (var.target == "localstack" ? var.localstack_endpoint : null)
}

provider "aws" {
  region = var.region

  access_key                  = local.emulated ? "test" : null
  secret_key                  = local.emulated ? "test" : null
  skip_credentials_validation = local.emulated
  skip_metadata_api_check     = local.emulated
  # The account id is asked of the endpoint's STS (GetCallerIdentity answers 000000000000 on both emulators): skipping
  # the lookup leaves it empty in every ARN the provider builds itself, such as the HTTP API's execution_arn, and a
  # Lambda permission whose SourceArn names no account lets no API Gateway call through.
  skip_requesting_account_id = false
  skip_region_validation     = local.emulated
  s3_use_path_style          = local.emulated

  # Every service this configuration calls goes to the emulated endpoint, whichever it is.
  dynamic "endpoints" {
    for_each = local.emulated ? [local.endpoint] : []
    content {
      apigatewayv2 = endpoints.value
      cloudwatch   = endpoints.value
      dynamodb     = endpoints.value
      iam          = endpoints.value
      kinesis      = endpoints.value
      lambda       = endpoints.value
      logs         = endpoints.value
      s3           = endpoints.value
      sns          = endpoints.value
      sqs          = endpoints.value
      sts          = endpoints.value
    }
  }

  default_tags {
    tags = merge({ Project = "ddbstreams", ManagedBy = "terraform" }, var.tags)
  }
}
