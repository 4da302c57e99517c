"""Page strings of the estimator diagnostics and account health (English and Japanese)."""

from __future__ import annotations

from app.i18n import register

register(
    {
        "diag.unsupported": {
            "en": "The data cannot support a verdict at this checkpoint:",
            "ja": "この測定時点では、データが判定を裏付けられません：",
        },
        "diag.withheld": {"en": "withheld", "ja": "表示しません"},
        "diag.health": {
            "en": "Health-score effect (points)",
            "ja": "ヘルススコアへの効果（ポイント）",
        },
        "diag.title": {"en": "Diagnostics", "ja": "診断"},
        "diag.overlap": {
            "en": "Overlap: {k} of {n} attending accounts ({share}%) had no comparable account",
            "ja": "重なり：参加アカウント{n}件中{k}件（{share}%）に"
            "比較できるアカウントがありません",
        },
        "diag.ess": {
            "en": "Comparison group: {n} accounts, effective size {ess}",
            "ja": "比較群：{n}件（実効サイズ{ess}）",
        },
        "diag.placebo": {
            "en": "Placebo before the workshop ({metric}): {did} [{lo}, {hi}]",
            "ja": "研修前のプラセボ（{metric}）：{did} [{lo}, {hi}]",
        },
        "diag.placebo_ok": {"en": "passed", "ja": "合格"},
        "diag.placebo_failed": {"en": "failed", "ja": "不合格"},
        "diag.no_placebo": {
            "en": "No placebo test: no history before the pre window",
            "ja": "プラセボ検定なし：比較期間より前の履歴がありません",
        },
        "diag.evalue": {
            "en": "E-value, {metric}: {e} (interval: {eci})",
            "ja": "E値（{metric}）：{e}（区間：{eci}）",
        },
        "diag.balance": {
            "en": "Balance before and after weighting (|SMD| < 0.1 is balanced)",
            "ja": "重み付け前後のバランス（|SMD| < 0.1 で均衡）",
        },
        "diag.covariate": {"en": "Covariate", "ja": "共変量"},
        "diag.cmp_before": {"en": "Comparison before", "ja": "比較群（前）"},
        "diag.cmp_after": {"en": "Comparison after", "ja": "比較群（後）"},
        "diag.before": {"en": "before", "ja": "前"},
        "diag.after": {"en": "after", "ja": "後"},
    }
)
