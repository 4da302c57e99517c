"""Word lists for theme extraction: stop words per language, generic heads, and a bilingual
concept map so that Japanese and English comments about the same thing form one theme.

Written for this project. A concept is named by its English word; each Japanese or English
word listed under it (English in singular form, Japanese as written) groups with it:
解約手続き, "cancellation page" and "cancelling" land in one theme, "cancellation".
"""

from __future__ import annotations

# Words that say nothing about what a comment is about: dropped wherever they stand.
EN_STOP_NOUNS = frozenset(
    """thing things lot lots bit way everything something anything nothing everyone someone
    anyone nobody somebody anybody one ones kind sort stuff etc lol ok okay yes no none n/a na
    today yesterday tomorrow tonight time times day days week weeks month months year years
    i me we us you he she it they them this that these those am pm overall fact reason
    question answer issue problem experience please thanks thank love like hate mr ms mrs
    place work job part aspect point side stuff matter case example instance number lot
    area situation level type kind use usage look feel need idea""".split()
)
# Topic words kept even though they are in the list above when they stand alone.
EN_KEEP = frozenset({"issue", "problem", "time", "question"})

JA_STOP_NOUNS = frozenset(
    """こと もの ため よう とき 時 方 ところ 点 件 感じ 今回 前回 次回 今後 以前 最近 全体
    自分 私 皆 皆さん みなさん 人 の ん さ 等 他 ほか 中 上 下 際 後 前 場合 特 そう
    どれ これ それ あれ 何 なに 毎回 一つ 以上 以下 様 さま さん 的 化 性 今日 昨日 今 先日
    毎日 全部 いつも 現在 当初 今年 昨年 今月 先月 本日 全て すべて 非常 本当 大変
    ページ 検討 部分 辺 あたり 関係 状態 状況 程度 感 気 形 内 面 系 用 ため 為 とこ 一部
    以外 全般 色々 いろいろ 今一つ 全員 みんな 皆様 弊社 御社 貴社 当社""".split()
)

# Heads that only say which kind of place a topic lives in: "cancellation page", "login
# screen", 解約手続き. The word before them names the theme.
EN_GENERIC_HEADS = frozenset(
    "page screen process procedure form flow option function feature section button tab "
    "setting".split()
)
JA_GENERIC_HEADS = frozenset(
    "ページ 画面 手続き 手続 方法 機能 フォーム ボタン 設定 手順 処理 システム".split()
)

CONCEPTS: dict[str, tuple[str, ...]] = {
    "cancellation": (
        "cancellation",
        "cancel",
        "unsubscribe",
        "termination",
        "解約",
        "退会",
        "キャンセル",
        "取り消し",
        "取消",
    ),
    "price": (
        "price",
        "pricing",
        "cost",
        "fee",
        "charge",
        "rate",
        "価格",
        "料金",
        "値段",
        "費用",
        "価額",
        "金額",
        "コスト",
        "手数料",
    ),
    "billing": (
        "billing",
        "invoice",
        "bill",
        "payment",
        "receipt",
        "請求",
        "請求書",
        "支払い",
        "支払",
        "決済",
        "領収書",
        "課金",
    ),
    "refund": ("refund", "reimbursement", "返金", "払い戻し"),
    "support": (
        "support",
        "helpdesk",
        "help desk",
        "サポート",
        "問い合わせ",
        "問合せ",
        "お問い合わせ",
        "窓口",
    ),
    "customer service": (
        "customer service",
        "customer care",
        "カスタマーサービス",
        "カスタマーサポート",
    ),
    "staff": (
        "staff",
        "employee",
        "clerk",
        "personnel",
        "スタッフ",
        "従業員",
        "店員",
        "社員",
        "係員",
    ),
    "front desk": ("front desk", "reception", "receptionist", "フロント", "受付"),
    "response": ("response", "reply", "handling", "対応", "返信", "返答", "回答"),
    "phone": ("phone", "call", "telephone", "電話"),
    "email": ("email", "mail", "メール"),
    "login": ("login", "log-in", "sign-in", "password", "ログイン", "サインイン", "パスワード"),
    "app": ("app", "application", "アプリ", "アプリケーション"),
    "website": ("website", "site", "web", "ウェブサイト", "サイト", "ホームページ"),
    "delivery": (
        "delivery",
        "shipping",
        "shipment",
        "courier",
        "parcel",
        "配送",
        "配達",
        "発送",
        "出荷",
        "宅配",
    ),
    "order": ("order", "注文", "発注"),
    "booking": ("booking", "reservation", "予約"),
    "room": ("room", "bedroom", "部屋", "客室", "ルーム"),
    "breakfast": ("breakfast", "朝食", "朝ごはん", "朝ご飯"),
    "dinner": ("dinner", "夕食", "晩ご飯", "ディナー"),
    "food": ("food", "meal", "dish", "料理", "食事", "ご飯"),
    "bath": (
        "bath",
        "bathroom",
        "shower",
        "onsen",
        "風呂",
        "浴室",
        "お風呂",
        "大浴場",
        "温泉",
        "シャワー",
    ),
    "bed": ("bed", "mattress", "pillow", "ベッド", "布団", "枕"),
    "parking": ("parking", "car park", "駐車場", "駐車"),
    "location": ("location", "access", "立地", "場所", "アクセス"),
    "cleanliness": ("cleanliness", "cleaning", "清潔", "清掃", "掃除"),
    "noise": ("noise", "騒音", "音"),
    "wifi": (
        "wifi",
        "wi-fi",
        "internet",
        "network",
        "connection",
        "ネット",
        "インターネット",
        "回線",
        "接続",
    ),
    "onboarding": ("onboarding", "導入", "初期設定", "オンボーディング"),
    "training": (
        "training",
        "workshop",
        "course",
        "seminar",
        "lecture",
        "研修",
        "講座",
        "セミナー",
        "講習",
        "トレーニング",
        "ワークショップ",
    ),
    "trainer": (
        "trainer",
        "instructor",
        "facilitator",
        "teacher",
        "lecturer",
        "講師",
        "インストラクター",
        "先生",
    ),
    "material": (
        "material",
        "slide",
        "handout",
        "document",
        "documentation",
        "manual",
        "資料",
        "教材",
        "スライド",
        "マニュアル",
        "テキスト",
    ),
    "content": ("content", "内容", "中身", "コンテンツ"),
    "report": ("report", "reporting", "dashboard", "レポート", "報告書", "ダッシュボード"),
    "update": ("update", "upgrade", "release", "version", "アップデート", "更新", "バージョン"),
    "error": (
        "error",
        "bug",
        "crash",
        "glitch",
        "outage",
        "エラー",
        "不具合",
        "バグ",
        "障害",
        "故障",
    ),
    "speed": ("speed", "performance", "latency", "速度", "スピード", "動作"),
    "usability": (
        "usability",
        "ui",
        "interface",
        "layout",
        "design",
        "使い勝手",
        "操作性",
        "操作",
        "デザイン",
        "レイアウト",
    ),
    "wait": ("wait", "waiting", "queue", "hold", "待ち時間", "待ち", "行列"),
    "quality": ("quality", "品質", "質", "クオリティ"),
    "salary": (
        "salary",
        "pay",
        "wage",
        "compensation",
        "bonus",
        "給与",
        "給料",
        "賃金",
        "年収",
        "報酬",
        "賞与",
        "ボーナス",
    ),
    "manager": (
        "manager",
        "boss",
        "supervisor",
        "leadership",
        "management",
        "上司",
        "マネージャー",
        "管理職",
        "経営陣",
        "経営",
    ),
    "workload": ("workload", "overtime", "hour", "残業", "業務量", "労働時間", "勤務時間"),
    "communication": ("communication", "コミュニケーション", "連絡", "情報共有"),
    "career": ("career", "promotion", "growth", "キャリア", "昇進", "成長"),
    "team": ("team", "colleague", "coworker", "チーム", "同僚"),
    "contract": ("contract", "plan", "subscription", "契約", "プラン"),
    "account": ("account", "アカウント"),
    "product": ("product", "item", "goods", "商品", "製品"),
    "store": ("store", "shop", "branch", "店舗", "店", "支店"),
    "flight": ("flight", "plane", "便", "フライト", "飛行機"),
    "luggage": ("luggage", "baggage", "bag", "suitcase", "荷物", "手荷物"),
}

# word (English singular, lower case; Japanese as written) → concept
CONCEPT_OF: dict[str, str] = {
    word: concept for concept, words in CONCEPTS.items() for word in words
}
