"""The Python package as an analyst meets it: the CLI's documents as dicts,
the CLI's bytes and messages, registries from DataFrames."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import shuangsuiji as ssj

ROOT = pathlib.Path(__file__).resolve().parents[3]


def ssj_binary() -> str:
    """The `ssj` the CLI comparisons run: $SSJ_BIN, else the workspace's build."""
    for candidate in (os.environ.get("SSJ_BIN"), ROOT / "target/release/ssj", ROOT / "target/debug/ssj", shutil.which("ssj")):
        if candidate and pathlib.Path(candidate).is_file():
            return str(pathlib.Path(candidate).resolve())
    raise RuntimeError("no ssj binary: build it (cargo build -p shuangsuiji-cli) or set SSJ_BIN")


def county_request(officers: int = 9, seed: str = "20230401") -> dict:
    return {
        "format": "shuangsuiji.request/3",
        "registry": ssj.sample_county(40, 14, 600, officers),
        "policy": ssj.preset("changji-county"),
        "units": ["changji/hutubi"],
        "quarter": "2023Q1",
        "seed": seed,
    }


def test_a_plan_is_the_clis_plan_byte_for_byte(tmp_path):
    cli = ssj_binary()
    subprocess.run(
        [cli, "plan", "--demo", "--seed", "27182818", "--save-request", "request.json", "--out", "plan.json"],
        cwd=tmp_path, check=True, capture_output=True,
    )
    request = json.loads((tmp_path / "request.json").read_text(encoding="utf-8"))
    plan = ssj.plan_quarter(request)
    assert ssj.to_json(plan) == (tmp_path / "plan.json").read_text(encoding="utf-8")


def test_to_json_writes_what_the_library_writes():
    request = county_request()
    assert ssj.to_json(ssj.plan_quarter(request)) == ssj._native.plan_quarter(json.dumps(request), None)


def test_plan_check_verify_round_trip_and_refusals():
    request = county_request()
    plan = ssj.plan_quarter(request)
    assert ssj.check_compliance(plan, request)["breaches"] == []
    assert ssj.verify_plan(plan, request).startswith("verified: plan is the plan its request draws")
    edited = json.loads(json.dumps(plan))
    edited["tasks"][0]["visit"]["officers"].pop()
    with pytest.raises(ssj.Refused, match="^plan: not verified:"):
        ssj.verify_plan(edited, request)
    report = ssj.check_compliance(edited, request)
    assert report["breaches"], "one officer on a visit is a breach"
    assert isinstance(ssj.Refused("x"), ssj.ShuangsuijiError)


def test_errors_carry_the_clis_messages(tmp_path):
    request = county_request()
    request["policy"]["rules"][0]["minimum"]["percent"] = 130
    with pytest.raises(ssj.BadInput) as python_error:
        ssj.plan_quarter(request)
    (tmp_path / "bad.json").write_text(json.dumps(request), encoding="utf-8")
    out = subprocess.run([ssj_binary(), "plan", "--request", "bad.json"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 2
    cli_words = out.stderr.strip().removeprefix("ssj: ").replace("bad.json: ", "", 1)
    assert str(python_error.value).replace("request: ", "", 1) == cli_words
    # Too few officers: a domain "no", with the answer found by planning.
    with pytest.raises(ssj.Refused, match="needs at least"):
        ssj.plan_quarter(county_request(officers=1))
    with pytest.raises(ssj.BadInput, match=r"registry\.objects\[3\] \(id"):
        broken = county_request()
        broken["registry"]["objects"][3]["category"] = "sometimes"
        ssj.plan_quarter(broken)


def test_commit_then_plan_under_the_commitment():
    request = county_request(seed="")
    rule = {"source": "dice", "digits": 20, "announced": "twenty dice, public meeting 2022-12-28"}
    # A list fixed once its quarter began needs its reason, which is committed.
    with pytest.raises(ssj.BadInput, match="outside that window"):
        ssj.commit(request, "呼图壁县生态环境局", "2023-01-05", rule)
    late = ssj.commit(request, "呼图壁县生态环境局", "2023-01-05", rule, outside_window="平台故障")
    assert late["frozen"]["committed"]["outside_window"] == "平台故障"
    commitment = ssj.commit(request, "呼图壁县生态环境局", "2022-12-25", rule)
    request["seed"] = "2023 0401 3141 5926 5358"  # as rolled: normalised under the rule
    plan = ssj.plan_quarter(request, commitment)
    assert plan["seed"] == "20230401314159265358" and plan["commitment"] == commitment["digest"]
    assert ssj.verify_plan(plan, request, commitment).startswith("commitment ")
    request["registry"]["objects"].pop()
    with pytest.raises(ssj.Refused, match="^commitment:"):
        ssj.plan_quarter(request, commitment)


def test_registry_from_frames_reads_as_the_csv_files():
    jurisdictions = pd.DataFrame(
        [["changji", "昌吉州", "州", ""], ["changji/hutubi", "呼图壁县", "县", "changji"]],
        columns=["编号", "名称", "级别", "上级"],
    )
    objects = pd.DataFrame(
        [[f"91652300MA{i:08d}", f"企业{i}", "changji/hutubi", "重点" if i < 4 else "一般"] for i in range(40)],
        columns=["统一社会信用代码", "企业名称", "所属区域", "监管类别"],
    )
    inspectors = pd.DataFrame(
        [[f"ZF-{i:03d}", f"执法人员{i}", "changji/hutubi", "执法人员", 12] for i in range(6)],
        columns=["执法证号", "姓名", "所属区域", "角色", "季度检查上限"],
    )
    registry = ssj.registry_from_frames(jurisdictions, objects, inspectors)
    assert len(registry["objects"]) == 40 and registry["objects"][0]["category"] == "key"
    request = {**county_request(), "registry": registry}
    assert ssj.plan_quarter(request)["tasks"]
    objects.loc[7, "监管类别"] = "有时"
    with pytest.raises(ssj.BadInput, match=r"^objects:9 \(id \"91652300MA00000007\"\), column `监管类别`"):
        ssj.registry_from_frames(jurisdictions, objects, inspectors)


def test_codes_excel_stored_as_numbers_and_date_cells_read_as_the_cli_reads_them():
    jurisdictions = pd.DataFrame([["changji", "昌吉州", "prefecture", ""], ["changji/hutubi", "呼图壁县", "county", "changji"]],
                                 columns=["id", "name", "level", "parent"])
    inspectors = pd.DataFrame([[f"ZF-{i}", f"人员{i}", "呼图壁县", "officer", 10] for i in range(4)],
                              columns=["id", "name", "jurisdiction", "role", "quarterly_capacity"])
    # As pd.read_excel gives them: a credit code typed as a number, a real date cell.
    objects = pd.DataFrame({"统一社会信用代码": [916523230000000000, 916523231234569984],
                            "单位名称": ["甲厂", "乙厂"], "所属区域": ["呼图壁县", "呼图壁县"], "监管类别": ["重点", "一般"],
                            "最近违法日期": pd.to_datetime(["2023-05-06", None])})
    with pytest.raises(ssj.BadInput, match=r"^objects:2, column `统一社会信用代码`: the number 916523230000000000 .*文本"):
        ssj.registry_from_frames(jurisdictions, objects, inspectors)
    objects["统一社会信用代码"] = ["91652300MA77XYZ12A", "91652300MA77XYZ13B"]
    registry = ssj.registry_from_frames(jurisdictions, objects, inspectors)
    assert registry["objects"][0]["last_violation"] == "2023-05-06"
    assert registry["objects"][0]["jurisdiction"] == "changji/hutubi"


def test_two_libraries_and_the_bureau_need_no_jurisdiction_table():
    objects = pd.DataFrame([[f"O{i}", f"企业{i}", "呼图壁县", "general"] for i in range(12)],
                           columns=["统一社会信用代码", "单位名称", "所属区域", "监管类别"])
    inspectors = pd.DataFrame([[f"ZF-{i}", f"人员{i}", "呼图壁县", "officer", 10] for i in range(4)],
                              columns=["执法证号", "姓名", "所属区域", "角色", "季度检查上限"])
    with pytest.raises(ssj.BadInput, match="bureau"):
        ssj.registry_from_frames(None, objects, inspectors)
    registry = ssj.registry_from_frames(None, objects, inspectors, bureau="呼图壁县")
    assert [(j["id"], j["level"]) for j in registry["jurisdictions"]] == [("上级", "prefecture"), ("呼图壁县", "county")]
    request = {**county_request(), "registry": registry, "units": ["呼图壁县"]}
    assert ssj.plan_quarter(request)["tasks"]


def test_integer_columns_with_gaps_read_as_counts():
    """pandas turns an integer column with a missing value into floats."""
    jurisdictions = pd.DataFrame([["changji", "昌吉州", "prefecture", ""], ["changji/hutubi", "呼图壁县", "county", "changji"]],
                                 columns=["id", "name", "level", "parent"])
    objects = pd.DataFrame([[f"O{i}", f"企业{i}", "changji/hutubi", "general", None if i == 0 else 2] for i in range(12)],
                           columns=["id", "name", "jurisdiction", "category", "complaints"])
    inspectors = pd.DataFrame([[f"ZF-{i}", f"人员{i}", "changji/hutubi", "officer", 10] for i in range(4)],
                              columns=["id", "name", "jurisdiction", "role", "quarterly_capacity"])
    assert objects["complaints"].dtype.kind == "f"
    registry = ssj.registry_from_frames(jurisdictions, objects, inspectors)
    assert [o.get("complaints", 0) for o in registry["objects"]][:2] == [0, 2]


def test_sample_sizes_are_bounded():
    with pytest.raises(ssj.BadInput, match="general: -1"):
        ssj.sample_county(1, 1, -1, 2)
    with pytest.raises(ssj.BadInput, match="at most"):
        ssj.sample_county(1_000_000, 1_000_000, 0, 2)


def test_the_analysis_functions_answer_as_the_cookbook():
    answer = ssj.staffing(county_request(officers=3), 12)
    county = answer["units"][0]
    needed = county["officers_needed"]
    plans = {t["officers"]: t["quarters_planned"] for t in county["tried"]}
    assert plans[needed] == 4 and plans[needed - 1] < 4
    sim = ssj.simulate(county_request(), years=1, seeds=2)
    assert sim["spec"]["seeds"] == 2
    rows = ssj.compare(county_request()["registry"], ["changji-county", "wangcheng"], years=1, seeds=1, capacity=12)
    assert [r["policy"] for r in rows] == ["changji-county", "wangcheng"]
    with pytest.raises(ssj.BadInput):
        ssj.compare(county_request()["registry"], ["zhongwei-positive-list"])
    # A policy document compares as its preset does; the defaults are the
    # CLI's and the service's (3 years, 5 seeds).
    document = ssj.preset("wangcheng")
    by_document = ssj.compare(county_request()["registry"], [document], years=1, seeds=1, capacity=12)
    assert by_document == rows[1:]
    assert ssj.simulate(county_request())["spec"]["years"] == 3
    assert any(p["name"] == "changji-county" for p in ssj.presets())
    assert any(f.startswith("shuangsuiji.plan/") for f in ssj.formats())


def test_the_example_script_runs():
    example = ROOT / "crates/python/examples/how_many_officers.py"
    out = subprocess.run([sys.executable, str(example)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "officers needed" in out.stdout


def test_the_module_docs_examples_run():
    import doctest

    failures, tried = doctest.testmod(ssj)
    assert tried > 0 and failures == 0


def test_exceptions_speak_the_language_set():
    request = county_request()
    request["registry"]["objects"][0]["jurisdiction"] = "呼图壁"
    with pytest.raises(ssj.BadInput, match="unknown jurisdiction"):
        ssj.plan_quarter(request)
    ssj.set_language("zh-CN")
    try:
        with pytest.raises(ssj.BadInput, match="未知区域"):
            ssj.plan_quarter(request)
    finally:
        ssj.set_language("en")
    assert ssj.localized("the workbook has no sheets") == "工作簿中没有工作表"
