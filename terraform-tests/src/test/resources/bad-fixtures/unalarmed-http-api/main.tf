# Breaks "the HTTP API has a 5xx alarm": it alarms on 5XXError by ApiName, the REST API's metric, which
# an HTTP API never publishes, so the alarm can never fire.
module "http_api" {
  source = "./modules/http-api"
}

module "alarms" {
  source = "./modules/alarms"

  api_name = module.http_api.api_name
}
