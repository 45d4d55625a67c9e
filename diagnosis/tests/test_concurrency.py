import threading

import pytest
from django.db import connection

from diagnosis import services
from diagnosis.models import QuarterlyFigures
from diagnosis.tests.test_services import csv_bytes, row
from partnership.permissions import Role


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uploads_of_the_same_quarter_save_one(cast):
    user = cast[Role.CORRESPONDENT]
    data = csv_bytes([row(cast.partnership.commune.insee_code)])
    plans = [services.plan_upload(user, "a.csv", data) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(plan):
        try:
            barrier.wait()
            services.save_plan(plan, user, source="fichier")
            outcomes.append("saved")
        except services.ConcurrentSubmission:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert QuarterlyFigures.objects.current().count() == 1
