locals {
  # A wildcard hidden in a list that feeds a statement elsewhere.
  read_actions = ["dynamodb:Get*"]
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "ReadAnyTable"
    actions   = ["dynamodb:GetItem"]
    resources = ["*"]
  }

  statement {
    sid       = "AnyTableInTheAccount"
    actions   = ["dynamodb:PutItem"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/*"]
  }
}
