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
  skip_requesting_account_id  = local.emulated
  skip_region_validation      = local.emulated
  s3_use_path_style           = local.emulated

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
