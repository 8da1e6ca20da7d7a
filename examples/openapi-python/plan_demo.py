"""Plans the demo through a client generated from `ssj serve`'s OpenAPI
description, and checks that its plan is the CLI's.

    python3 plan_demo.py BASE_URL request.json cli-plan.json

The request goes in through the generated body model and the plan comes
back through the generated plan model: a schema the generator misread
(an enum, a tagged union, a nullable member) fails here, not in a
bureau's integration.
"""

import json
import sys

from ssj_client import Client
from ssj_client.api.planning import plan
from ssj_client.models import PlanBody


def main() -> int:
    base_url, request_path, cli_plan_path = sys.argv[1:4]
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    with open(cli_plan_path, encoding="utf-8") as f:
        cli_plan = json.load(f)
    client = Client(base_url=base_url, timeout=300.0, raise_on_unexpected_status=True)
    body = PlanBody.from_dict({"request": request})
    answer = plan.sync_detailed(client=client, body=body)
    if answer.status_code != 200:
        print(f"the service answered {answer.status_code}: {answer.content[:500]!r}", file=sys.stderr)
        return 1
    through_models = answer.parsed.to_dict()
    if through_models != cli_plan:
        differ = [k for k in cli_plan if through_models.get(k) != cli_plan.get(k)]
        print(f"the generated client's plan differs from the CLI's in: {differ}", file=sys.stderr)
        return 1
    if json.loads(answer.content) != cli_plan:
        print("the service's plan differs from the CLI's", file=sys.stderr)
        return 1
    tasks = len(cli_plan["tasks"])
    print(f"the generated client's plan is the CLI's: {tasks} tasks, through its own models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
