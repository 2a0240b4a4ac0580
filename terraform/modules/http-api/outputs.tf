output "api_id" {
  description = "Identifier of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Base URL of the API's default stage, without a trailing slash."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "api_execution_arn" {
  description = "Execution ARN of the API."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "route_ids" {
  description = "Route identifiers by route key."
  value       = { for route_key, route in aws_apigatewayv2_route.this : route_key => route.id }
}

output "api_name" {
  description = "Name of the HTTP API."
  value       = aws_apigatewayv2_api.this.name
}

output "stage_name" {
  description = "Name of the stage the routes are deployed to ($default)."
  value       = aws_apigatewayv2_stage.this.name
}

output "stage_invoke_url" {
  description = "URL that invokes the stage (the execute-api URL clients call)."
  value       = aws_apigatewayv2_stage.this.invoke_url
}
