// The crontab help of django-celery-beat's periodic task form (templates/admin/djcelery/
// change_periodictask_form.html) shows the chosen schedule in words; its own inline script,
// here as a file for the Content-Security-Policy.
"use strict";
{
    const $ = django.jQuery;
    const readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
    const originalCrontabHelp = document.getElementById("periodic-task-overrides").dataset.crontabHelp;

    $(".field-crontab_translation").hide();
    $(".field-crontab").change(function() {
        const additional = readableCrontabs[$("#id_crontab").val()];
        $(".field-crontab .help").text(originalCrontabHelp).append("<br>", document.createTextNode(`Translation: ${additional}`));
    });
}
