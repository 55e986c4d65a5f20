"""First-load bytes (gzip) of home, crisis hub, FAQ and search pages on the demo site.

    python bench/first_load.py        (needs `manage.py seed_demo`)
"""

import _django  # noqa: F401  (sets Django up before anything imports models)

from django.test import Client


from content.models import FAQ
from tests.helpers.page_weight import first_load

BUDGET = 30 * 1024


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    faq = FAQ.objects.filter(live=True).first()
    pages = {"home": "/", "crisis hub": "/updates/", "FAQ": faq.get_absolute_url(),
             "search": "/search/?q=is+the+water+safe"}
    print(f"{'page':<12}{'HTML gz':>10}{'CSS+JS gz':>12}{'total':>10}  budget 30 KB")
    for name, url in pages.items():
        sizes = first_load(client, url)
        assets = sum(sizes["assets"].values())
        verdict = "ok" if sizes["total"] <= BUDGET else "OVER"
        print(f"{name:<12}{sizes['html']:>10}{assets:>12}{sizes['total']:>10}  {verdict}")


if __name__ == "__main__":
    main()
