"""Word lists for theme extraction: stop words per language, generic heads, a bilingual
concept list so that Japanese and English comments about the same thing form one theme, and
trigger words (verbs and adjectives that name a topic without a noun: "unsubscribed",
"noisy", うるさい).

Stop words are the stopwords-iso lists (MIT, pip ``stopwordsiso``) plus this project's own
empty words; a word that names a topic of survey comments ("room", "order", "course",
"website", "information" are in stopwords-iso's English list) is never a stop word. Katakana
loanwords need no entry here: UniDic's lemma carries the English source word
(サポート → support, オフィス → office), so they group with English comments by themselves.

The concept list is written for this project (no permissively licensed bilingual thesaurus
is installable offline: Japanese WordNet needs a download at run time and JMdict is CC BY-SA).
A concept is named by its first English and its first Japanese word, the names a reader of
that language sees; ``_`` joins an English multi-word entry ("help_desk").
"""

from __future__ import annotations

from functools import lru_cache

# Words that say nothing about what a comment is about: dropped wherever they stand.
EN_STOP_NOUNS = frozenset(
    """thing things lot lots bit way everything something anything nothing everyone someone
    anyone nobody somebody anybody one ones kind sort stuff etc lol ok okay yes no none n/a na
    today yesterday tomorrow tonight time times day days week weeks month months year years
    i me we us you he she it they them this that these those am pm overall fact reason
    question answer issue problem experience please thanks thank love like hate mr ms mrs
    place work job part aspect point side stuff matter case example instance number lot
    area situation level type kind use usage look feel need idea half minute minutes hour
    hours morning evening night week-end weekend comment comments feedback nothing n-a
    afterthought highlight quarter waste piece star""".split()
)
# Topic words kept even when they stand alone and a stop-word list names them.
EN_KEEP = frozenset("""information value research test detail computer""".split())

JA_STOP_NOUNS = frozenset(
    """こと 事 もの 物 ため 為 よう 様 とき 時 方 ところ 所 点 件 感じ 今回 前回 次回 今後 以前
    最近 全体 自分 私 皆 皆さん みなさん 人 の ん さ 等 他 ほか 中 上 下 際 後 前 場合 特 そう
    どれ これ それ あれ 何 なに 毎回 一つ 以上 以下 さま さん 的 化 性 今日 昨日 今 先日 毎日
    全部 いつも 現在 当初 今年 昨年 今月 先月 本日 全て すべて 非常 本当 大変 ページ 検討
    部分 辺 あたり 関係 状態 状況 程度 感 気 形 内 面 系 用 とこ 一部 以外 全般 色々 いろいろ
    今一つ 全員 みんな 皆様 弊社 御社 貴社 当社 なし 無し 特に 割 おかげ 御陰 たび 度 毎 ほう
    無い 良い 有る 出来る 為る 居る 成る 言う 思う 感じる 以来 よね 頃 ごろ 所為 せい 毛
    常態 意見 コメント 感想 特記 事項 どこ 何処 理由 原因 一方 半分 大半 多く 他社 気持ち 利用
    使用 問題 課題 店内 社内 結果 基準 世話 近所""".split()
)

# Heads that only say which kind of place a topic lives in: "cancellation page", "login
# screen", 解約手続き. The word before them names the theme.
EN_GENERIC_HEADS = frozenset(
    "page screen process procedure form flow option function feature section button tab "
    "setting team version opportunity chance".split()
)
JA_GENERIC_HEADS = frozenset(
    "ページ 画面 手続き 手続 方法 機能 フォーム ボタン 設定 手順 処理 システム 窓口 版 "
    "制度 会場 対応 担当 担当者 時 際 機会 内容 対策 結果 基準 page screen button form option "
    "function feature setting version".split()
)

_CONCEPTS: dict[str, str] = {
    # money and contracts
    "cancellation": "cancellation cancel unsubscribe termination | 解約 退会 キャンセル 取り消し "
    "契約解除 解除 解約手続き",
    "price": "pricing price cost fee charge rate overprice value_for_money money postage | 価格 "
    "料金 値段 費用 価額 金額 手数料 値上げ 割高 高額 月額 年額 ライセンス費用 費用対効果 コスパ "
    "コストパフォーマンス 無料 送料",
    "billing": "billing invoice bill payment receipt | 請求 請求書 支払い 決済 領収書 課金 "
    "支払い方法 振込",
    "refund": "refund reimbursement | 返金 払い戻し",
    "contract": "contract plan subscription renewal | 契約 プラン 更新 契約更新",
    # service and people
    "support": "support helpdesk help_desk customer_support support_team ticket | サポート "
    "問い合わせ お問い合わせ サポートデスク ヘルプデスク カスタマーサポート",
    "customer service": "customer_service customer_care service hospitality | 接客 "
    "カスタマーサービス サービス おもてなし 気配り",
    "handling": "handling | 対応",
    "response": "response reply response_time turnaround | 返信 返答 回答 返事 レスポンス",
    "staff": "staff employee clerk personnel front_desk reception receptionist crew cabin_crew "
    "flight_attendant attendant waiter waitress server ca | スタッフ 従業員 店員 係員 フロント "
    "受付 乗務員 客室乗務員 キャビンアテンダント ホールスタッフ",
    "sales rep": "sales_rep salesperson representative account_manager sales_team | 営業 "
    "営業担当 担当営業 営業マン",
    "phone": "phone call telephone | 電話",
    "email": "email mail newsletter | メール",
    # software
    "login": "login log-in sign-in signin sso password | ログイン サインイン パスワード",
    "security": "security authentication two-factor_authentication 2fa mfa privacy | "
    "セキュリティ 認証 二段階認証 二要素認証 セキュリティ対策 個人情報",
    "app": "app application | アプリ アプリケーション",
    "mobile": "mobile mobile_app iphone android smartphone iphone_app android_app | モバイル "
    "スマホ スマートフォン スマホアプリ 携帯",
    "website": "website site web homepage home_page webpage | ウェブサイト サイト ホームページ",
    "feature": "feature functionality | 機能",
    "search": "search | 検索 検索機能",
    "export": "export download csv | エクスポート 書き出し ダウンロード 出力",
    "integration": "integration api | 連携 統合",
    "documentation": "documentation docs doc manual help_page help_center knowledge_base faq "
    "guide tutorial | ドキュメント ヘルプ ヘルプページ マニュアル FAQ よくある質問 説明書 "
    "取扱説明書",
    "report": "report reporting dashboard analytics | レポート 報告書 ダッシュボード 分析",
    "update": "update upgrade release | アップデート 更新",
    "error": "error bug crash glitch outage defect downtime | エラー 不具合 バグ 障害 故障",
    "speed": "speed performance latency loading | 速度 スピード 動作 読み込み",
    "usability": "usability ui interface layout design navigation | 使い勝手 操作性 操作 "
    "デザイン レイアウト 見やすさ",
    "onboarding": "onboarding setup getting_started implementation | 導入 初期設定 "
    "オンボーディング 導入支援 立ち上げ",
    "account": "account | アカウント",
    # shops, delivery, goods
    "delivery": "delivery shipping shipment courier parcel | 配送 配達 発送 出荷 宅配 到着",
    "returns": "return returns exchange | 返品 交換 返却",
    "packaging": "packaging package packing box wrapping | 梱包 包装 箱 パッケージ",
    "order": "order | 注文 発注",
    "product": "product item goods | 商品 製品",
    "quality": "quality build_quality | 品質 質 クオリティ 作り",
    "selection": "selection range variety assortment stock availability | 品揃え 在庫 種類 "
    "ラインナップ",
    "store": "store shop branch | 店舗 店 支店",
    "cashier": "cashier till register checkout_line | レジ",
    "wait": "wait waiting queue wait_time waiting_time line waiting_room | 待ち時間 待ち 行列 "
    "待たされる 待合室 待合",
    "crowding": "crowd crowding crowdedness | 混雑 混み具合 人混み 混み",
    # hotels, restaurants, travel
    "booking": "booking reservation appointment | 予約 ネット予約",
    "checkin": "check-in checkin check_in check-out | チェックイン チェックアウト",
    "room": "room bedroom | 部屋 客室 ルーム",
    "breakfast": "breakfast breakfast_buffet | 朝食 朝ごはん 朝御飯 朝ご飯 バイキング",
    "dinner": "dinner | 夕食 晩ご飯 晩御飯 ディナー",
    "food": "food meal dish cuisine taste flavour flavor portion | 料理 食事 ご飯 味 味付け 機内食",
    "menu": "menu | メニュー",
    "drink": "drink beverage coffee wine | 飲み物 ドリンク",
    "bath": "bath bathroom shower onsen hot_spring toilet | 風呂 浴室 お風呂 大浴場 温泉 "
    "シャワー トイレ",
    "bed": "bed mattress pillow | ベッド 布団 枕",
    "parking": "parking car_park | 駐車場 駐車",
    "location": "location access | 立地 場所 アクセス 駅",
    "locker": "locker locker_room changing_room | ロッカー 更衣室",
    "doctor": "doctor physician dentist | 医師 医者 ドクター 歯科医",
    "cleanliness": "cleanliness cleaning housekeeping hygiene dust mould mold stain | 清潔 "
    "清掃 掃除 衛生 汚れ カビ ほこり 埃",
    "noise": "noise | 騒音 音",
    "wifi": "wifi wi-fi internet network connection | ネット インターネット 回線 ネット回線 接続 "
    "通信",
    "coverage": "coverage signal reception_bars | 電波 圏外 通信エリア",
    "atmosphere": "atmosphere ambience ambiance vibe culture | 雰囲気 社風 風土 店内の雰囲気",
    "flight": "flight plane | 便 フライト 飛行機",
    "delay": "delay lateness | 遅延 遅れ 延着",
    "seat": "seat seating legroom | 座席 シート 席",
    "luggage": "luggage baggage suitcase baggage_claim | 荷物 手荷物 預け荷物",
    # training
    "training": "training workshop course seminar lecture | 研修 講座 セミナー 講習 トレーニング "
    "ワークショップ 社内研修 教育",
    "trainer": "trainer instructor facilitator teacher lecturer presenter speaker | 講師 "
    "インストラクター 先生 登壇者",
    "material": "material slide handout workbook textbook | 資料 教材 スライド テキスト 配布資料",
    "content": "content | 内容 中身 コンテンツ",
    "exercise": "exercise practice hands-on group_work role-play roleplay | 演習 実習 ワーク "
    "グループワーク ロールプレイ",
    "duration": "duration length timing schedule | 時間 時間配分 所要時間 長さ 日程",
    "venue": "venue | 会場 会議室",
    "class": "class lesson | レッスン クラス 授業",
    "video": "video recording | 動画 ビデオ 映像",
    "audio": "audio sound | 音声 音質 サウンド",
    "quiz": "quiz test exam assessment | テスト 小テスト 試験 確認テスト クイズ",
    "certificate": "certificate certification | 修了証 証明書 認定証 資格",
    # employees
    "salary": "salary pay wage compensation bonus raise | 給与 給料 賃金 年収 報酬 賞与 ボーナス "
    "昇給 昇給額",
    "benefits": "benefit perk health_insurance | 福利厚生 手当 住宅手当 福利",
    "leave": "leave vacation holiday pto time_off day_off annual_leave | 有給 有休 有給休暇 休暇 "
    "休み 休日 連休",
    "manager": "manager boss supervisor line_manager | 上司 上長 マネージャー 管理職 課長 部長 "
    "リーダー",
    "leadership": "leadership management executive senior_leadership senior_management ceo "
    "strategy vision | 経営陣 経営層 経営 役員 社長 トップ マネジメント 経営方針 ビジョン",
    "workload": "workload overtime work-life_balance | 残業 業務量 労働時間 勤務時間 仕事量 "
    "業務負担 負担 忙しさ",
    "remote work": "remote remote_work home_office wfh telework working_from_home | リモート "
    "リモートワーク 在宅 在宅勤務 テレワーク",
    "office": "office workplace | オフィス 職場 職場環境",
    "equipment": "equipment tool laptop pc computer software machine device treadmill | 設備 "
    "機材 器具 マシン ツール PC パソコン 社内ツール",
    "communication": "communication | コミュニケーション 連絡 情報共有",
    "career": "career promotion growth career_path | キャリア 昇進 成長 キャリアパス",
    "team": "team colleague coworker teammate teamwork relationship relations office_politics | "
    "チーム 同僚 チームワーク 仲間 人間関係",
    "evaluation": "evaluation appraisal performance_review | 評価 人事評価 査定 評価制度",
}


def _split(spec: str) -> tuple[list[str], list[str]]:
    en, _, ja = spec.partition("|")
    return [w.replace("_", " ") for w in en.split()], ja.split()


CONCEPTS: dict[str, tuple[str, ...]] = {
    concept: tuple(en + ja) for concept, (en, ja) in ((c, _split(s)) for c, s in _CONCEPTS.items())
}

# concept → (English name, Japanese name): what a reader of that language sees.
NAMES: dict[str, tuple[str, str]] = {
    concept: (en[0], ja[0]) for concept, (en, ja) in ((c, _split(s)) for c, s in _CONCEPTS.items())
}

# Verbs and adjectives (English by stem, Japanese by UniDic lemma) that name a topic even
# when no noun does: "I unsubscribed", "too noisy at night", 夜中にうるさい. Only words with
# one reading in survey comments ("clean" is also a clean interface: not listed).
EN_TRIGGERS: dict[str, str] = {
    **dict.fromkeys("cancel unsubscribe".split(), "cancellation"),
    **dict.fromkeys("expensive overpriced pricey affordable underpriced cheap".split(), "price"),
    **dict.fromkeys("crowded overcrowded".split(), "crowding"),
    **dict.fromkeys("noisy loud".split(), "noise"),
    **dict.fromkeys(
        "dirty filthy spotless dusty unclean tidy untidy mouldy moldy".split(), "cleanliness"
    ),
    **dict.fromkeys("crash".split(), "error"),
    **dict.fromkeys("refund".split(), "refund"),
    **dict.fromkeys("onboard".split(), "onboarding"),
    **dict.fromkeys("handle".split(), "handling"),
    **dict.fromkeys("wait".split(), "wait"),
    **dict.fromkeys("delay".split(), "delay"),
    **dict.fromkeys("export download".split(), "export"),
    **dict.fromkeys("ship deliver".split(), "delivery"),
    **dict.fromkeys("book reserve".split(), "booking"),
    **dict.fromkeys("bill overcharge".split(), "billing"),
}
JA_TRIGGERS: dict[str, str] = {
    **dict.fromkeys("問い合わせる 問い合わせ 問合せる".split(), "support"),
    **dict.fromkeys("解約 退会".split(), "cancellation"),
    **dict.fromkeys("煩い 騒がしい 喧しい".split(), "noise"),
    **dict.fromkeys("汚い 汚れる 不潔 不衛生 汚らしい".split(), "cleanliness"),
    **dict.fromkeys("割高 高額 安価".split(), "price"),
    **dict.fromkeys("待つ 待たす 待たせる".split(), "wait"),
    **dict.fromkeys("混む 混雑".split(), "crowding"),
    **dict.fromkeys("遅れる 遅延".split(), "delay"),
}


@lru_cache(maxsize=1)
def stop_words_en() -> frozenset[str]:
    """stopwords-iso English plus this project's empty words, minus topic words."""
    words = set(EN_STOP_NOUNS)
    try:
        import stopwordsiso

        words |= {w for w in stopwordsiso.stopwords("en") if w.isalpha()}
    except ImportError:  # the project's own list still applies
        pass
    topic = {w for entries in CONCEPTS.values() for w in entries if w.isascii() and " " not in w}
    # generic heads stay: "cancellation page" is about cancellation, not dropped for "page"
    return frozenset(words - topic - EN_KEEP - EN_GENERIC_HEADS)


@lru_cache(maxsize=1)
def stop_words_ja() -> frozenset[str]:
    """stopwords-iso Japanese plus this project's empty words (surfaces and lemmas)."""
    words = set(JA_STOP_NOUNS)
    try:
        import stopwordsiso

        words |= set(stopwordsiso.stopwords("ja"))
    except ImportError:
        pass
    topic = {w for entries in CONCEPTS.values() for w in entries}
    return frozenset(words - topic)
