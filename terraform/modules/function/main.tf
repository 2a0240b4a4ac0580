# One Lambda function from a built jar, with its own role, least-privilege policy and log group.
#
# The jar is hashed only when it exists: `terraform destroy` (and any plan of a state without
# functions) works on a fresh clone before anything is built, while a create or update stops at the
# precondition below with the command that builds the jar.

locals {
  jar_exists = fileexists(var.jar_path)
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  # The log group exists before the function, so CreateLogGroup is not granted.
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # The only wildcard resource: these X-Ray actions support no resource-level permissions.
  statement {
    sid       = "XRayTracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "least-privilege"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.this.arn
  handler          = var.handler
  runtime          = var.runtime
  memory_size      = var.memory_size
  timeout          = var.timeout
  filename         = var.jar_path
  source_code_hash = local.jar_exists ? filebase64sha256(var.jar_path) : null

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  dynamic "environment" {
    for_each = length(var.environment) == 0 ? [] : [var.environment]
    content {
      variables = environment.value
    }
  }

  tags = var.tags

  # Event source mappings validate the role when they are created: the policy must be attached first.
  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = local.jar_exists
      error_message = "Function ${var.name}: ${var.jar_path} does not exist. Build the jars first (`make build` at the repository root, or `make deploy`, which builds). `terraform destroy` does not need them."
    }
  }
}
