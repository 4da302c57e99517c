# ruff: noqa: E501  (translation strings read better unwrapped)
"""Report strings in English and Japanese, registered into :mod:`app.i18n` under ``report.*``.

Templates call ``t("report.nps")``; builders call :func:`translator` once per report.
"""

from __future__ import annotations

from collections.abc import Callable

from app import i18n

__all__ = ["STRINGS", "translator"]

STRINGS: dict[str, dict[str, str]] = {
    # frame
    "report.page_prefix": {"en": "Page ", "ja": ""},
    "report.page_of": {"en": " of ", "ja": " / "},
    "report.page_suffix": {"en": "", "ja": " ページ"},
    "report.generated": {"en": "Generated", "ja": "作成日"},
    "report.confidential": {
        "en": "Confidential — internal use only",
        "ja": "社外秘 — 社内限定",
    },
    "report.contents": {"en": "Contents", "ja": "目次"},
    "report.data_as_of": {"en": "Data as of {date}", "ja": "{date} 時点のデータ"},
    "report.period": {"en": "Period: {start} – {end}", "ja": "対象期間：{start} ～ {end}"},
    "report.ci95": {"en": "95% CI", "ja": "95%信頼区間"},
    "report.ci_level": {"en": "{level}% CI", "ja": "{level}%信頼区間"},
    "report.n": {"en": "n", "ja": "n"},
    "report.none": {"en": "None", "ja": "なし"},
    "report.not_available": {"en": "Not available yet.", "ja": "まだデータがありません。"},
    "report.total": {"en": "Total", "ja": "合計"},
    "report.share": {"en": "Share", "ja": "割合"},
    "report.kicker.survey": {"en": "Survey report", "ja": "アンケートレポート"},
    "report.kicker.workshop": {"en": "Workshop effectiveness report", "ja": "研修効果レポート"},
    "report.kicker.portfolio": {"en": "Workshop portfolio", "ja": "研修ポートフォリオ"},
    # scores
    "report.nps": {"en": "NPS", "ja": "NPS"},
    "report.enps": {"en": "eNPS", "ja": "eNPS"},
    "report.promoters": {"en": "Promoters (9–10)", "ja": "推奨者（9～10）"},
    "report.passives": {"en": "Passives (7–8)", "ja": "中立者（7～8）"},
    "report.detractors": {"en": "Detractors (0–6)", "ja": "批判者（0～6）"},
    "report.low_n": {"en": "few answers", "ja": "回答数少"},
    "report.low_n_note": {
        "en": "Fewer than 30 answers: read this figure as indicative; its interval is wide.",
        "ja": "回答数が30未満のため、参考値としてご覧ください（信頼区間が広くなります）。",
    },
    "report.response_rate": {"en": "Response rate", "ja": "回答率"},
    "report.answers": {"en": "Answers", "ja": "回答数"},
    # survey report
    "report.survey.summary": {"en": "Summary", "ja": "サマリー"},
    "report.survey.trend": {"en": "Trend", "ja": "推移"},
    "report.survey.trend_caption": {
        "en": "{score} per period; the shaded band is the 95% confidence interval.",
        "ja": "期間ごとの{score}。帯は95%信頼区間です。",
    },
    "report.survey.no_trend": {
        "en": "Not enough periods for a trend yet.",
        "ja": "推移を示すにはまだ期間が足りません。",
    },
    "report.survey.period": {"en": "Period", "ja": "期間"},
    "report.survey.breakdowns": {"en": "Breakdowns", "ja": "セグメント別"},
    "report.survey.group": {"en": "Group", "ja": "グループ"},
    "report.survey.hidden": {
        "en": "Hidden: {count} group(s) with fewer than {min} answers, or that would reveal one.",
        "ja": "非表示：回答数が{min}件未満、またはそれを推定できてしまう{count}グループ。",
    },
    "report.survey.breakdown_caption": {
        "en": "{score} by {dimension}, with 95% confidence intervals. Only groups with at "
        "least {min} answers are shown.",
        "ja": "{dimension}別の{score}（95%信頼区間付き）。回答数{min}件以上のグループのみ表示。",
    },
    "report.survey.drivers": {"en": "Key drivers", "ja": "キードライバー"},
    "report.survey.drivers_lead": {
        "en": "Which ratings explain the recommendation score (relative weights of R² = {r2}, "
        "n = {n}). Fix first: important, but rated below average.",
        "ja": "推奨度を説明する評価項目（相対重要度、R² = {r2}、n = {n}）。"
        "「優先改善」は重要度が高いのに評価が平均未満の項目です。",
    },
    "report.survey.driver": {"en": "Driver", "ja": "項目"},
    "report.survey.importance": {"en": "Importance (% of R²)", "ja": "重要度（R²に占める%）"},
    "report.survey.performance": {"en": "Mean rating", "ja": "平均評価"},
    "report.survey.correlation": {"en": "Correlation", "ja": "相関"},
    "report.survey.quadrant": {"en": "Priority", "ja": "優先度"},
    "report.quadrant.fix first": {"en": "Fix first", "ja": "優先改善"},
    "report.quadrant.keep up": {"en": "Keep up", "ja": "強みを維持"},
    "report.quadrant.monitor": {"en": "Monitor", "ja": "現状維持"},
    "report.quadrant.low priority": {"en": "Low priority", "ja": "低優先"},
    "report.quadrant.against score": {"en": "Against score", "ja": "スコアと逆相関"},
    "report.drivers_signed": {
        "en": "Only drivers that rise with the score are levers: a driver with a negative "
        'correlation is marked "against score" (reverse the question if it asks about effort '
        'or waiting), never "fix first".',
        "ja": "スコアと同じ向きに動く項目だけを改善レバーとします。相関が負の項目は「スコアと逆相関」"
        "と表示し（労力や待ち時間を尋ねる設問なら向きを反転してください）、「優先改善」にはしません。",
    },
    "report.survey.drivers_unsettled": {
        "en": "The ranking is not settled: neighbouring drivers' intervals overlap.",
        "ja": "順位は確定していません（隣り合う項目の信頼区間が重なっています）。",
    },
    "report.survey.themes": {"en": "Themes in comments", "ja": "コメントのテーマ"},
    "report.survey.theme": {"en": "Theme", "ja": "テーマ"},
    "report.survey.mentions": {"en": "Mentions", "ja": "件数"},
    "report.survey.mean_sentiment": {"en": "Mean sentiment", "ja": "平均感情スコア"},
    "report.survey.mean_score": {"en": "Mean score", "ja": "平均スコア"},
    "report.survey.example": {"en": "Example", "ja": "例"},
    "report.survey.themes_caption": {
        "en": "Mentions per theme; colour shows the mean sentiment (green positive, red negative).",
        "ja": "テーマごとの件数。色は平均感情（緑：肯定的、赤：否定的）。",
    },
    "report.survey.praise": {"en": "Praise highlights", "ja": "称賛の声"},
    "report.survey.praise_lead": {
        "en": "What respondents praised, in their own words — worth sharing with the teams "
        "concerned.",
        "ja": "回答者が評価した点を原文のまま紹介します。担当チームへの共有をおすすめします。",
    },
    "report.survey.incentives": {
        "en": "Incentive cost and uplift",
        "ja": "インセンティブの費用と効果",
    },
    "report.survey.incentive": {"en": "Incentive", "ja": "インセンティブ"},
    "report.survey.budget": {"en": "Budget", "ja": "予算"},
    "report.survey.committed": {"en": "Committed cost", "ja": "確定費用"},
    "report.survey.budget_used": {"en": "Budget used", "ja": "予算消化率"},
    "report.survey.cost_per_answer": {"en": "Cost per answer", "ja": "回答あたり費用"},
    "report.survey.rate_incentivised": {
        "en": "Response rate with incentive",
        "ja": "回答率（インセンティブあり）",
    },
    "report.survey.rate_holdout": {
        "en": "Response rate, holdout",
        "ja": "回答率（ホールドアウト）",
    },
    "report.survey.uplift": {"en": "Uplift", "ja": "上昇幅"},
    "report.survey.incremental_cost": {
        "en": "Cost per additional answer",
        "ja": "追加回答1件あたり費用",
    },
    "report.survey.incentive_lead": {
        "en": "Uplift compares invitees randomly held out from the incentive with those offered "
        "it; the cost per additional answer divides the incentive cost by the answers the "
        "incentive added.",
        "ja": "上昇幅は、無作為にインセンティブ対象外とした招待者（ホールドアウト）と対象者の"
        "回答率の差です。追加回答1件あたり費用は、費用をインセンティブで増えた回答数で割った値です。",
    },
    "report.survey.no_uplift": {
        "en": "No measurable uplift: the interval includes zero.",
        "ja": "上昇は確認できません（信頼区間が0を含みます）。",
    },
    "report.survey.budget_exhausted": {
        "en": "Budget spent: the incentive is no longer offered.",
        "ja": "予算到達のため、インセンティブの提供は停止しています。",
    },
    "report.survey.invited": {"en": "Invited", "ja": "招待数"},
    "report.survey.responded": {"en": "Responded", "ja": "回答数"},
    # methodology (shared)
    "report.methodology": {"en": "Methodology and caveats", "ja": "手法と留意事項"},
    "report.method.ci": {
        "en": "What a 95% confidence interval means",
        "ja": "95%信頼区間の読み方",
    },
    "report.method.ci_text": {
        "en": "Every figure comes from a sample. The 95% confidence interval is the range of "
        "values consistent with the data: if the measurement were repeated many times, 95 out "
        "of 100 intervals built this way would contain the true value. When an interval "
        "includes zero, the data cannot tell an effect from no effect yet; a narrow interval "
        "needs more answers or accounts, not more confidence.",
        "ja": "すべての数値はサンプルから得られたものです。95%信頼区間は、データと矛盾しない値の範囲です。"
        "同じ測定を何度も繰り返すと、この方法で作った区間の100回中95回が真の値を含みます。"
        "区間が0を含む場合、効果があるとも無いともまだ判断できません。区間を狭くするには回答数や"
        "アカウント数を増やす必要があります。",
    },
    "report.method.nps": {
        "en": "NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100. Intervals: "
        "MOVER-Wilson score interval, which always contains the score.",
        "ja": "NPS = 推奨者（9～10）の割合 − 批判者（0～6）の割合（−100～+100）。"
        "信頼区間は MOVER-Wilson スコア区間（常にスコアを含む）。",
    },
    "report.method.anonymity": {
        "en": "Confidentiality: a group with fewer than {min} answers is never shown, nor any "
        "group that would let a reader work one out by subtraction; hidden groups are only "
        "counted.",
        "ja": "匿名性：回答数{min}件未満のグループ、および差し引きでそれを推定できるグループは表示せず、"
        "件数のみ示します。",
    },
    "report.method.drivers": {
        "en": "Key drivers: relative weights (Johnson 2000) decompose R² of the score on the "
        "driver ratings; intervals from a respondent bootstrap.",
        "ja": "キードライバー：推奨度を評価項目で回帰したR²を相対重要度（Johnson 2000）で分解。"
        "区間は回答者ブートストラップによる。",
    },
    "report.method.themes": {
        "en": "Themes group key phrases by their head noun; sentiment is scored once per "
        "comment, from −1 (negative) to +1 (positive).",
        "ja": "テーマはキーフレーズを主要名詞でまとめたもの。感情スコアはコメントごとに−1（否定）～+1（肯定）で算出。",
    },
    # workshop report
    "report.ws.summary": {"en": "Summary", "ja": "サマリー"},
    "report.ws.roi": {"en": "ROI", "ja": "ROI"},
    "report.ws.bcr": {"en": "Benefit-cost ratio", "ja": "費用便益比（BCR）"},
    "report.ws.total_cost": {"en": "Total cost", "ja": "総費用"},
    "report.ws.benefit": {"en": "Benefit", "ja": "便益"},
    "report.ws.participants": {"en": "Participants", "ja": "参加者"},
    "report.ws.accounts": {"en": "Accounts", "ja": "アカウント"},
    "report.ws.latest_checkpoint": {"en": "Latest checkpoint", "ja": "最新の測定時点"},
    "report.ws.none_yet": {"en": "none yet", "ja": "未到達"},
    "report.ws.date": {"en": "Workshop date", "ja": "実施日"},
    "report.ws.facilitator": {"en": "Facilitator", "ja": "講師"},
    "report.ws.horizon": {
        "en": "benefit over {months} months",
        "ja": "{months}か月分の便益",
    },
    "report.ws.participants_detail": {
        "en": "{accounts} accounts; {comparison} comparison accounts",
        "ja": "{accounts}アカウント／比較群{comparison}アカウント",
    },
    "report.verdict.paid_off": {
        "en": "The workshop paid for itself",
        "ja": "研修は費用を回収しました",
    },
    "report.verdict.not_paid_off": {
        "en": "The workshop did not pay for itself",
        "ja": "研修は費用を回収できていません",
    },
    "report.verdict.inconclusive": {
        "en": "No detectable return yet",
        "ja": "まだ効果は検出されていません",
    },
    "report.verdict.not_measurable": {
        "en": "Not measurable yet",
        "ja": "まだ測定できません",
    },
    "report.verdict.paid_off_text": {
        "en": "ROI {roi} (95% CI {ci}): the whole interval is above zero.",
        "ja": "ROI {roi}（95%信頼区間 {ci}）。区間全体が0を上回っています。",
    },
    "report.verdict.not_paid_off_text": {
        "en": "ROI {roi} (95% CI {ci}): the whole interval is below zero.",
        "ja": "ROI {roi}（95%信頼区間 {ci}）。区間全体が0を下回っています。",
    },
    "report.verdict.inconclusive_text": {
        "en": "ROI {roi} (95% CI {ci}): the interval includes zero, so the data cannot yet tell "
        "a return from none.",
        "ja": "ROI {roi}（95%信頼区間 {ci}）。区間が0を含むため、効果の有無はまだ判断できません。",
    },
    "report.verdict.not_measurable_text": {
        "en": "No checkpoint with outcome data has been reached yet.",
        "ja": "成果データのある測定時点にまだ到達していません。",
    },
    "report.ws.timeline": {"en": "Outcomes over time", "ja": "成果の推移"},
    "report.ws.timeline_lead": {
        "en": "Attending accounts against matched comparison accounts at each checkpoint. Bands "
        "are 95% confidence intervals; the table gives the difference-in-differences (DiD).",
        "ja": "各測定時点における参加アカウントと比較アカウント（マッチング済み）の比較。"
        "帯は95%信頼区間、表は差の差（DiD）推定値です。",
    },
    "report.ws.attendees": {"en": "Attendees", "ja": "参加者"},
    "report.ws.comparison": {"en": "Comparison", "ja": "比較群"},
    "report.ws.checkpoint": {"en": "Checkpoint", "ja": "測定時点"},
    "report.ws.metric": {"en": "Metric", "ja": "指標"},
    "report.ws.did": {"en": "DiD", "ja": "DiD"},
    "report.ws.not_reached": {"en": "not reached yet", "ja": "未到達"},
    "report.ws.day0": {
        "en": "workshop day: no window to compare yet",
        "ja": "実施日：比較できる期間はまだありません",
    },
    "report.metric.logo_churn": {"en": "Logo churn", "ja": "ロゴチャーン率"},
    "report.metric.gross_mrr_churn": {"en": "Gross MRR churn", "ja": "グロスMRRチャーン率"},
    "report.metric.expansion": {"en": "Expansion", "ja": "拡大率"},
    "report.metric.expansion_share": {
        "en": "Accounts expanding",
        "ja": "拡大したアカウントの割合",
    },
    "report.metric.expansion_rate": {"en": "Expansion MRR rate", "ja": "拡大MRR率"},
    "report.metric.nrr": {"en": "NRR", "ja": "NRR"},
    "report.metric.grr": {"en": "GRR", "ja": "GRR"},
    "report.ws.kirkpatrick": {"en": "Kirkpatrick levels", "ja": "カークパトリック評価"},
    "report.ws.level": {"en": "Level", "ja": "レベル"},
    "report.ws.measure": {"en": "Measure", "ja": "指標"},
    "report.ws.result": {"en": "Result", "ja": "結果"},
    "report.ws.when": {"en": "When", "ja": "時点"},
    "report.kp.1": {"en": "L1 Reaction", "ja": "L1 反応"},
    "report.kp.2": {"en": "L2 Learning", "ja": "L2 学習"},
    "report.kp.3": {"en": "L3 Behaviour", "ja": "L3 行動"},
    "report.kp.4": {"en": "L4 Results", "ja": "L4 成果"},
    "report.kp.5": {"en": "L5 ROI", "ja": "L5 ROI"},
    "report.kp.pending": {"en": "pending", "ja": "測定待ち"},
    "report.kp.not_measured": {"en": "not measured", "ja": "未測定"},
    "report.ws.reaction": {"en": "Reaction and behaviour", "ja": "反応と行動"},
    "report.ws.behaviour": {"en": "Behaviour over time", "ja": "行動の推移"},
    "report.ws.behaviour_caption": {
        "en": "From the follow-up surveys to participants; bands are 95% confidence intervals.",
        "ja": "参加者へのフォローアップアンケートより。帯は95%信頼区間。",
    },
    "report.ws.reaction_survey": {"en": "Reaction survey", "ja": "反応アンケート"},
    "report.ws.sentiment": {"en": "Sentiment of comments", "ja": "コメントの感情"},
    "report.ws.sentiment_text": {
        "en": "{pos} positive, {neu} neutral, {neg} negative (mean {mean}, n = {n}).",
        "ja": "肯定的 {pos}、中立 {neu}、否定的 {neg}（平均 {mean}、n = {n}）。",
    },
    "report.ws.top_themes": {"en": "Top themes", "ja": "主なテーマ"},
    "report.ws.comments": {"en": "In participants' words", "ja": "参加者の声"},
    "report.ws.comments_lead": {
        "en": "Five comments chosen to show both what worked and what did not.",
        "ja": "良かった点と課題の両方が分かるよう選んだ5件のコメント。",
    },
    "report.ws.praise": {"en": "praise", "ja": "好評"},
    "report.ws.problem": {"en": "problem", "ja": "課題"},
    "report.ws.costs": {"en": "Cost breakdown", "ja": "費用内訳"},
    "report.ws.item": {"en": "Item", "ja": "項目"},
    "report.ws.amount": {"en": "Amount", "ja": "金額"},
    "report.cost.facilitator": {"en": "Facilitator", "ja": "講師費"},
    "report.cost.venue_catering": {"en": "Venue and catering", "ja": "会場・飲食費"},
    "report.cost.materials": {"en": "Materials", "ja": "教材費"},
    "report.cost.tooling": {"en": "Tooling", "ja": "ツール費"},
    "report.cost.participant_time": {"en": "Participants' time", "ja": "参加者の工数"},
    "report.cost.incentives": {"en": "Survey incentives", "ja": "アンケートのインセンティブ"},
    "report.cost.other": {"en": "Other", "ja": "その他"},
    "report.ws.matching": {"en": "Comparison group", "ja": "比較群"},
    "report.ws.matching_default": {
        "en": "Propensity-score weighting (Abadie 2005): non-attending accounts weigh their "
        "odds of attending, estimated from pre-workshop covariates only (tier, MRR, tenure, "
        "health score, its average and trend). Churn: difference after the workshop among "
        "accounts alive on the day; other metrics: difference-in-differences. Accounts that "
        "attended another workshop in the window are excluded.",
        "ja": "傾向スコアによる重み付け（Abadie 2005、Sant'Anna & Zhao 2020）：研修前の共変量"
        "（ティア、MRR、契約期間、研修時点のヘルススコアとその3か月平均・推移）だけから推定した"
        "参加オッズで非参加アカウントを重み付けし、比較群を参加者に近づけます。比較できる"
        "アカウントがない参加者は除外し、期間内に他の研修に参加したアカウントも除外します。"
        "チャーンは研修日に存続していたアカウントの研修後の差で、その他の指標は差の差で比較します。",
    },
    "report.ws.balance": {
        "en": "Balance before and after weighting",
        "ja": "重み付け前後のバランス",
    },
    "report.ws.covariate": {"en": "Covariate", "ja": "共変量"},
    "report.ws.mean_attendees": {"en": "Attendees", "ja": "参加者平均"},
    "report.ws.mean_before": {"en": "Comparison before", "ja": "比較群（前）"},
    "report.ws.mean_after": {"en": "Comparison after", "ja": "比較群（後）"},
    "report.ws.smd_before": {"en": "SMD before", "ja": "SMD（前）"},
    "report.ws.smd_after": {"en": "SMD after", "ja": "SMD（後）"},
    "report.ws.smd_note": {
        "en": "SMD: standardised mean difference; below 0.1 counts as balanced.",
        "ja": "SMD：標準化平均差。0.1未満でバランスが取れているとみなします。",
    },
    "report.ws.samples": {"en": "Sample sizes", "ja": "サンプルサイズ"},
    "report.ws.samples_text": {
        "en": "{att} attending accounts matched ({unmatched} without a comparable account were "
        "left out) against {cmp} comparison accounts (effective n {eff}) from {cand} "
        "candidates. Intervals: {boot} bootstrap resamples of accounts.",
        "ja": "参加アカウント{att}件（比較可能な相手がいない{unmatched}件は除外）と、候補{cand}件から選んだ"
        "比較アカウント{cmp}件（有効サンプル数{eff}）を比較。区間はアカウント単位のブートストラップ"
        "（{boot}回）による。",
    },
    "report.ws.definitions": {"en": "Metric definitions", "ja": "指標の定義"},
    "report.def.nrr": {
        "en": "NRR = (start MRR + expansion − contraction − churned MRR) / start MRR, over the "
        "accounts existing at the window start.",
        "ja": "NRR =（期首MRR + 拡大 − 縮小 − 解約MRR）÷ 期首MRR。期首に存在したアカウントが対象。",
    },
    "report.def.grr": {
        "en": "GRR = (start MRR − contraction − churned MRR) / start MRR: NRR without expansion.",
        "ja": "GRR =（期首MRR − 縮小 − 解約MRR）÷ 期首MRR。拡大を含まないNRR。",
    },
    "report.def.logo_churn": {
        "en": "Logo churn = accounts lost / accounts at the window start.",
        "ja": "ロゴチャーン率 = 失ったアカウント数 ÷ 期首のアカウント数。",
    },
    "report.def.did": {
        "en": "Difference-in-differences (DiD) = (attendees after − attendees before) − "
        "(comparison after − comparison before), in percentage points; windows of equal "
        "length before and after the workshop.",
        "ja": "差の差（DiD）=（参加者の後 − 参加者の前）−（比較群の後 − 比較群の前）。単位はポイント。"
        "研修前後で同じ長さの期間を比較します。",
    },
    "report.def.roi": {
        "en": "ROI % = (benefit − cost) / cost × 100; BCR = benefit / cost.",
        "ja": "ROI（%）=（便益 − 費用）÷ 費用 × 100、BCR = 便益 ÷ 費用。",
    },
    "report.def.benefit": {
        "en": "Benefit = (churned MRR avoided + expansion MRR attributable) × {months} months "
        "(horizon). Costs are fully loaded, participants' time included.",
        "ja": "便益 =（回避できた解約MRR + 研修に帰属する拡大MRR）× {months}か月（評価期間）。"
        "費用は参加者の工数を含む総費用です。",
    },
    "report.ws.caveats": {"en": "Caveats", "ja": "留意事項"},
    "report.ws.caveat_observational": {
        "en": "Attendance was not randomised: weighting balances the measured "
        "characteristics, not everything. Treat the estimates as the best available "
        "comparison, not as proof.",
        "ja": "参加は無作為ではありません。重み付けで揃えられるのは測定した属性のみです。"
        "推定値は入手可能な最良の比較であり、証明ではありません。",
    },
    # portfolio
    "report.pf.ranking": {"en": "Workshops ranked by ROI", "ja": "ROI順の研修一覧"},
    "report.pf.ranking_caption": {
        "en": "ROI with 95% confidence intervals; diamonds are point estimates.",
        "ja": "ROIと95%信頼区間（◆は点推定値）。",
    },
    "report.pf.spend": {"en": "Spend", "ja": "支出"},
    "report.pf.workshop": {"en": "Workshop", "ja": "研修"},
    "report.pf.workshops": {"en": "Workshops", "ja": "研修数"},
    "report.pf.total_spend": {"en": "Total spend", "ja": "総支出"},
    "report.pf.total_benefit": {"en": "Total benefit", "ja": "総便益"},
    "report.pf.paid_off": {"en": "Paid off (CI above 0)", "ja": "費用回収（区間が0超）"},
    "report.pf.incentives": {
        "en": "of which survey incentives",
        "ja": "うちアンケートのインセンティブ",
    },
    "report.pf.unranked": {
        "en": "Not yet measurable (no checkpoint with outcome data)",
        "ja": "まだ測定できない研修（成果データのある測定時点なし）",
    },
    "report.pf.chart_top": {
        "en": "The chart shows the first {n}; the table lists all.",
        "ja": "グラフは上位{n}件のみ、表は全件を示します。",
    },
    "report.pf.portfolio_roi": {"en": "Portfolio ROI", "ja": "ポートフォリオROI"},
    "report.pf.spend_caption": {
        "en": "Fully loaded cost per workshop.",
        "ja": "研修ごとの総費用。",
    },
}

i18n.register(STRINGS)


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` bound to ``lang`` (falls back to English, then to the key)."""

    def t(key: str, **values: object) -> str:
        texts = STRINGS.get(key)
        if texts is None:
            return i18n.t(key, lang, **values)
        # Empty strings are meaningful here (no "Page" prefix in Japanese).
        text = texts[lang] if lang in texts else texts.get("en", key)
        return text.format(**values) if values else text

    return t
