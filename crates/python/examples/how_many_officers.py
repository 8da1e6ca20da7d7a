"""Cookbook recipe 3, "How many officers do I need?", from Python.

The same question as docs/cookbook.md recipe 3 (Rust) and
`ssj staffing --capacity 12`: a county of 40 key, 14 special and 600
general units with 3 officers, under Changji's 2023 county rules, each
officer making at most 12 visits a quarter. Every number of officers is
tried by planning the year: under 1:10 each officer counted adds 10 general
draws a year, so no division gives the answer.

    pip install ./crates/python
    python crates/python/examples/how_many_officers.py
"""

import shuangsuiji as ssj

request = {
    "format": "shuangsuiji.request/3",
    "registry": ssj.sample_county(40, 14, 600, 3),
    "policy": ssj.preset("changji-county"),
    "units": ["changji/hutubi"],
    "quarter": "2023Q1",
    "seed": "2023",
}
answer = ssj.staffing(request, capacity=12)
county = answer["units"][0]
tried = {t["officers"]: t["quarters_planned"] for t in county["tried"]}
print(
    f"{county['unit']}: {county['officers_now']} officers now, "
    f"{county['officers_needed']} officers needed, short by {county['shortfall']}; "
    f"tried {sorted(tried)}"
)
needed = county["officers_needed"]
assert needed is not None, "no number of officers staffs it"
# The evidence: the answer plans all four quarters, one fewer does not.
assert tried[needed] == 4
assert tried[needed - 1] < 4
