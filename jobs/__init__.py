"""The job layer: everything that runs work in the background or on a schedule.

Celery tasks (``tasks``), the orchestration of a scrape run (``scraping``),
queuing after commit (``queueing``), the beat schedule (``schedule``) and the
``scrape`` / ``import_records`` commands. The domain (``bills``) never imports
this package: it marks work in the database and sends signals; this layer
queues the work and sweeps up whatever a crash or a broker outage left marked.
"""
