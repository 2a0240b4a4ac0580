resource "aws_sqs_queue" "this" {
  name                       = "word-count"
  visibility_timeout_seconds = 180
}
