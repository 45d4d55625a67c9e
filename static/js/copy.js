// The "Copier" button of a read-only field (templates/reminders/feed.html). Hidden until this
// script runs: without it the page still shows the address, to select and copy by hand.
"use strict";
for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    button.hidden = false;
    button.addEventListener("click", async () => {
        field.select();
        let copied = false;
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(field.value);
                copied = true;
            } else {
                copied = document.execCommand("copy");
            }
        } catch (error) {
            copied = false;
        }
        status.textContent = copied ? button.dataset.copied : button.dataset.failed;
    });
}
