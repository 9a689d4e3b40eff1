from dashboard.config import Config


def test_defaults_work_in_docker_compose():
    config = Config.from_env({})
    assert config.service_urls == {
        "catalog": "http://catalog:8000",
        "purchase": "http://purchase:8000",
        "sales": "http://sales:8000",
        "stock": "http://stock:8000",
    }
    assert (config.status_poll_seconds, config.status_timeout_seconds) == (2.0, 1.0)
    assert config.rabbitmq_management_url == "http://rabbitmq:15672"
    assert config.rabbitmq_management_public_url == "http://127.0.0.1:15672"


def test_the_management_api_uses_the_user_and_password_of_the_amqp_url():
    config = Config.from_env({"RABBITMQ_URL": "amqp://shop:p%40ss%2Fword@rabbitmq:5672/%2F"})
    assert config.rabbitmq_credentials == ("shop", "p@ss/word")


def test_an_amqp_url_without_a_user_gives_no_credentials():
    assert Config.from_env({"RABBITMQ_URL": "amqp://rabbitmq:5672/%2F"}).rabbitmq_credentials == (None, None)
