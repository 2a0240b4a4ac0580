# An HTTP API (payload format 2.0) routing to Lambda functions, throttled on its default stage, with
# access logs in a log group with retention. Each route may invoke only its own function, and only
# through its own method and path.

locals {
  routed_functions = toset(values(var.routes))

  # "ANY /notes/{proxy+}" -> "*/notes/*", the method and path part of the execute-api source ARN.
  route_source_paths = {
    for route_key, function in var.routes : route_key => (
      length(split(" ", route_key)) == 2
      ? "${split(" ", route_key)[0] == "ANY" ? "*" : split(" ", route_key)[0]}${replace(split(" ", route_key)[1], "/\\{[^}]*\\}/", "*")}"
      : "*/*"
    )
  }
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.this.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routed_functions

  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = var.functions[each.key].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "this" {
  for_each = var.routes

  api_id    = aws_apigatewayv2_api.this.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.this[each.value].id}"
}

resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "http-api-${trim(replace(each.key, "/[^a-zA-Z0-9]+/", "-"), "-")}"
  action        = "lambda:InvokeFunction"
  function_name = var.functions[each.value].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/${local.route_source_paths[each.key]}"
}
