resource "aws_sqs_queue" "this" {
  name = "misaligned"
    sqs_managed_sse_enabled = true
}
