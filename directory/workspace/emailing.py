"""Sending a support plan by email: the plan in plain text with the PDF attached.

The address is used for this one message and not kept anywhere, nor written to the log.
"""
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from .pdf import plan_pdf
from .plan import plan_text

logger = logging.getLogger(__name__)
SUBJECT = "Your support plan"


def send_plan(plan, address):
    """Send the plan to ``address``. Returns True if the mail server accepted it."""
    message = EmailMessage(
        subject=SUBJECT, body=plan_text(plan), from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
    )
    message.attach("support-plan.pdf", plan_pdf(plan), "application/pdf")
    try:
        return message.send() == 1
    except (smtplib.SMTPException, OSError):
        logger.warning("A support plan email could not be sent.")  # never log the address
        return False
