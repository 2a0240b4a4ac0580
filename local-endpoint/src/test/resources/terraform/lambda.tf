terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  endpoints {
    iam    = "@EDGE_ENDPOINT@"
    sts    = "@EDGE_ENDPOINT@"
    lambda = "@EDGE_ENDPOINT@"
  }
}
resource "aws_iam_role" "fn" {
  name               = "tf-lambda-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "fn" {
  function_name    = "tf-notes"
  role             = aws_iam_role.fn.arn
  runtime          = "java21"
  handler          = "example.Handler::handleRequest"
  filename         = "${path.module}/fn.jar"
  source_code_hash = filebase64sha256("${path.module}/fn.jar")
  memory_size      = 512
  timeout          = 20
  publish          = true
  tracing_config {
    mode = "Active"
  }
  logging_config {
    log_format = "Text"
  }
  environment {
    variables = { TABLE = "notes" }
  }
  tags = { app = "notes" }
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}
resource "aws_lambda_permission" "apigw" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/*/notes"
}
resource "aws_lambda_event_source_mapping" "stream" {
  event_source_arn  = "arn:aws:kinesis:us-east-1:000000000000:stream/notes-events"
  function_name     = aws_lambda_function.fn.arn
  starting_position = "TRIM_HORIZON"
  batch_size        = 50
  tags              = { "ddbstreams:mapping" = "notes-events" }
}
output "version" {
  value = aws_lambda_function.fn.version
}
