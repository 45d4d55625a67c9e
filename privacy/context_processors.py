from django.conf import settings
from django.utils.translation import gettext_lazy as _l

# The words the law asks for in every page's footer (RGAA): « Accessibilité : … ».
CONFORMITY = {
    "non": _l("non conforme"),
    "partielle": _l("partiellement conforme"),
    "totale": _l("totalement conforme"),
}


def accessibility(request):
    return {"accessibility_conformity": CONFORMITY[settings.ACCESSIBILITY_CONFORMITY]}
