"""The non-endorsement notice, in one place for the pages and the API."""

NOTICE_TEXT = (
    "This directory is for information only and is not medical advice. We do not "
    "endorse or recommend any treatment, procedure, product or physician listed "
    "here. Talk with your own doctor about what is right for you."
)
