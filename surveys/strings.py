"""Built-in strings of respondent pages and survey emails, in English and Japanese."""

from __future__ import annotations

from app import i18n

STRINGS: dict[str, dict[str, str]] = {
    "survey.submit": {"en": "Send my answers", "ja": "回答を送信する"},
    "survey.update": {"en": "Update my answers", "ja": "回答を更新する"},
    "survey.picked_title": {
        "en": "You chose {score}. Almost done: your answer is not sent yet.",
        "ja": "「{score}」を選びました。回答はまだ送信されていません。",
    },
    "survey.picked_body": {
        "en": "Add anything you like below, then press “{button}”. Nothing is saved until you do.",
        "ja": "必要に応じて下の質問にもお答えのうえ、「{button}」を押してください。"
        "送信するまで回答は保存されません。",
    },
    "survey.send_picked": {"en": "Send {score} now", "ja": "「{score}」で送信する"},
    "survey.not_saved_note": {
        "en": "Your answers are saved only when you press this button.",
        "ja": "このボタンを押すまで回答は保存されません。",
    },
    "survey.required": {"en": "required", "ja": "必須"},
    "survey.optional": {"en": "optional", "ja": "任意"},
    "survey.intro": {
        "en": "It takes about a minute. Questions marked required must be answered.",
        "ja": "回答時間は1分ほどです。「必須」の質問には必ずお答えください。",
    },
    "survey.answered_before": {
        "en": "You answered on {date}. You can change your answers until the survey closes.",
        "ja": "{date} に回答済みです。アンケート終了までは回答を変更できます。",
    },
    "survey.errors_title": {
        "en": "Please check your answers",
        "ja": "回答内容をご確認ください",
    },
    "survey.error.required": {
        "en": "Please answer this question.",
        "ja": "この質問に回答してください。",
    },
    "survey.error.out_of_range": {
        "en": "Please choose a value on the scale.",
        "ja": "目盛りの中から選んでください。",
    },
    "survey.error.not_number": {
        "en": "Please choose a value on the scale.",
        "ja": "目盛りの中から選んでください。",
    },
    "survey.error.bad_choice": {
        "en": "Please choose one of the options.",
        "ja": "選択肢から選んでください。",
    },
    "survey.error.too_long": {
        "en": "Please shorten your answer to at most {max} characters.",
        "ja": "{max}文字以内で入力してください。",
    },
    "survey.error.bad_text": {
        "en": "Your answer contains characters that cannot be stored.",
        "ja": "保存できない文字が含まれています。",
    },
    "survey.error.not_text": {"en": "Please enter text.", "ja": "文字で入力してください。"},
    "survey.error.unknown": {"en": "Unknown question.", "ja": "不明な質問です。"},
    "survey.max_chars": {"en": "At most {max} characters.", "ja": "{max}文字以内。"},
    "survey.thanks_title": {"en": "Thank you!", "ja": "ご回答ありがとうございました"},
    "survey.gift_intro": {
        "en": "As a thank-you for your time: {name}.",
        "ja": "ご協力へのお礼として、{name}をお贈りします。",
    },
    "survey.gift_code": {"en": "Your code:", "ja": "コード："},
    "survey.gift_pending": {
        "en": "Your code will follow by email shortly.",
        "ja": "コードは追ってメールでお送りします。",
    },
    "mail.incentive_note": {
        "en": "As a thank-you for your time, everyone who answers receives {name}.",
        "ja": "ご回答いただいた方には、お礼として{name}をお贈りします。",
    },
    "survey.thanks_body": {
        "en": "Your answers have been saved. You can change them with the same link "
        "until the survey closes.",
        "ja": "回答を保存しました。アンケート終了までは同じリンクから回答を変更できます。",
    },
    "survey.edit_again": {"en": "Change my answers", "ja": "回答を変更する"},
    "survey.not_found_title": {"en": "Link not found", "ja": "リンクが見つかりません"},
    "survey.not_found_body": {
        "en": "This survey link is not valid. Please check that you copied the whole link "
        "from the email.",
        "ja": "このアンケートのリンクは無効です。"
        "メールのリンクを最後までコピーしたかご確認ください。",
    },
    "survey.closed_title": {"en": "This survey has closed", "ja": "このアンケートは終了しました"},
    "survey.closed_body": {
        "en": "Thank you for your interest. This survey no longer accepts answers.",
        "ja": "ご関心をお寄せいただきありがとうございます。"
        "このアンケートの回答受付は終了しました。",
    },
    "unsubscribe.title": {"en": "Unsubscribe", "ja": "配信停止"},
    "unsubscribe.question": {
        "en": "Stop all survey emails to {email}?",
        "ja": "{email} へのアンケートメールをすべて停止しますか？",
    },
    "unsubscribe.button": {"en": "Unsubscribe", "ja": "配信を停止する"},
    "unsubscribe.done_title": {"en": "You are unsubscribed", "ja": "配信を停止しました"},
    "unsubscribe.done_body": {
        "en": "You will not receive any more survey emails from us.",
        "ja": "今後、アンケートメールはお送りしません。",
    },
    "mail.subject.invitation": {
        "en": "{survey}: a one-minute question",
        "ja": "【{survey}】1分で終わるアンケートのお願い",
    },
    "mail.subject.reminder": {
        "en": "Reminder — {survey}: a one-minute question",
        "ja": "【再送】{survey}：アンケートご協力のお願い",
    },
    "mail.greeting": {"en": "Hello {name},", "ja": "{name} 様"},
    "mail.greeting_anonymous": {"en": "Hello,", "ja": "こんにちは。"},
    "mail.intro": {
        "en": "We would value your opinion. It takes about a minute.",
        "ja": "ご意見をお聞かせください。回答時間は1分ほどです。",
    },
    "mail.reminder_intro": {
        "en": "A short reminder: we would still value your opinion. It takes about a minute.",
        "ja": "先日お送りしたアンケートへのご協力をあらためてお願いいたします。"
        "回答時間は1分ほどです。",
    },
    "mail.click_score": {
        "en": "Choose a number: the survey opens with it selected.",
        "ja": "当てはまる数字を選んでください。選んだ数字が入った回答ページが開きます。",
    },
    "mail.sent_by": {
        "en": "This survey is sent by {org}.",
        "ja": "このアンケートは{org}がお送りしています。",
    },
    "mail.open_survey": {"en": "Open the survey", "ja": "アンケートに回答する"},
    "mail.link_fallback": {
        "en": "Or open this link: {url}",
        "ja": "またはこちらのリンクを開いてください：{url}",
    },
    "mail.unsubscribe": {
        "en": "Don't want these emails? Unsubscribe: {url}",
        "ja": "配信停止はこちら：{url}",
    },
    "mail.unsubscribe_link": {"en": "Unsubscribe", "ja": "配信停止"},
}

i18n.register(STRINGS)
