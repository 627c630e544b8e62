from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from marsad.jobs import services

    services.run(job_id)


def enqueue(job_id: int) -> None:
    run_job.enqueue(job_id)
