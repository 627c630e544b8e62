from django_tasks import task

from marsad.jobs import services


@task()
def run_job(job_id: int) -> None:

    services.run(job_id)


def enqueue(job_id: int) -> None:
    run_job.enqueue(job_id)
