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
    iam            = "@EDGE_ENDPOINT@"
    sts            = "@EDGE_ENDPOINT@"
    cloudwatchlogs = "@EDGE_ENDPOINT@"
    cloudwatch     = "@EDGE_ENDPOINT@"
  }
}
data "aws_caller_identity" "this" {}
resource "aws_iam_role" "this" {
  name               = "tf-fn-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  tags               = { scenario = "1" }
}
resource "aws_iam_role_policy" "this" {
  name   = "inline"
  role   = aws_iam_role.this.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = "*" }] })
}
resource "aws_iam_policy" "this" {
  name   = "tf-managed"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "managed" {
  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.this.arn
}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/tf-fn"
  retention_in_days = 14
  tags              = { scenario = "1" }
}
resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name          = "tf-dlq"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = "dlq" }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  tags                = { scenario = "1" }
}
output "account" { value = data.aws_caller_identity.this.account_id }
