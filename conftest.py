pytest_plugins = [
    "tests.helpers.services",
    "tests.helpers.content",
    "tests.helpers.nginx",
    "tests.helpers.smtp",
]
