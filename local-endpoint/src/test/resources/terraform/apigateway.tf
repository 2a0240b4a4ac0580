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
  endpoints {
    apigatewayv2 = "@EDGE_ENDPOINT@"
    sts          = "@EDGE_ENDPOINT@"
  }
}
resource "aws_apigatewayv2_api" "notes" {
  name          = "tf-notes"
  protocol_type = "HTTP"
  tags          = { scenario = "apigw" }
}
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.notes.id
  name        = "$default"
  auto_deploy = true
}
resource "aws_apigatewayv2_integration" "notes" {
  api_id                 = aws_apigatewayv2_api.notes.id
  integration_type       = "AWS_PROXY"
  integration_uri        = "arn:aws:lambda:us-east-1:000000000000:function:notes-api"
  integration_method     = "POST"
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}
resource "aws_apigatewayv2_route" "get_note" {
  api_id    = aws_apigatewayv2_api.notes.id
  route_key = "GET /notes/{id}"
  target    = "integrations/${aws_apigatewayv2_integration.notes.id}"
}
output "api_endpoint" {
  value = aws_apigatewayv2_api.notes.api_endpoint
}
output "invoke_url" {
  value = aws_apigatewayv2_stage.default.invoke_url
}
