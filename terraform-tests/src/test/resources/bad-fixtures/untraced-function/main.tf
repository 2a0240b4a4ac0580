resource "aws_lambda_function" "untraced" {
  function_name = "untraced"
  role          = "arn:aws:iam::123456789012:role/untraced"
  handler       = "dev.ddbstreams.Example::handleRequest"
  runtime       = "java21"
  filename      = "example.jar"
}

resource "aws_cloudwatch_log_group" "kept_forever" {
  name = "/aws/lambda/kept-forever"
}

resource "aws_lambda_function" "kept_forever" {
  function_name = "kept-forever"
  role          = "arn:aws:iam::123456789012:role/kept-forever"
  handler       = "dev.ddbstreams.Example::handleRequest"
  runtime       = "java21"
  filename      = "example.jar"

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.kept_forever.name
  }
}
