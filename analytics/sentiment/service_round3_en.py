"""Rules of customer-service posts, round 3 (ensvc3, en-ens-26 to -33): questions that
presuppose a failure, notices, short posts, negation and contrast, complaints and praise told
as plain facts, as ``(cues, pattern, replacement)``; they run after ``service_phrases_en``."""

from __future__ import annotations

SERVICE_PHRASES_ROUND3: tuple[tuple[str, str, str], ...] = (
    # ---- en-ens-26 (issue 14, ensvc3; written_en_r26) ----
    # questions that presuppose a failure ask nothing: whether anyone will ever answer,
    # whether they even read, when they will actually fix, "is it too much to ask",
    # "how is it possible that", "so I'm supposed to just wait?", "what is this?"
    (
        "going_to",
        r"\b(?:is|are) (?:anyone|anybody|someone|somebody|you|they) (?:even |actually |ever )?"
        r"(?:going|gonna) to (?:answer|reply|respond|help|call|fix|get back|sort|deal|do "
        r"(?:anything|something)|look|read|refund|pay)\b",
        "nobody helped, we are ignored, will anyone",
    ),
    (
        "even ever actually finally",
        r"\b(?:do|does|did|are|is|can|will|have|has) (?:you|anyone|anybody|someone|somebody|"
        r"they|your (?:staff|team|drivers?|agents?)) (?:even|ever) (?:read|answer|reply|"
        r"respond|check|listen|care|bother|look|train|test|work)\w*\b|"
        r"\bwhen (?:will|are|do|is|are) (?:you|they|it|someone|anyone)(?: \w+)? (?:actually|"
        r"finally|ever|even)\b|\bwill (?:you|they|it|anyone|this) ever\b",
        r"frustratingly, \g<0>",
    ),
    (
        "too_much_to_ask",
        r"\bis (?:it|that) (?:really )?too much to ask\b",
        "this is unacceptable, is it too much to ask",
    ),
    (
        "possible how_can how_do_you",
        r"\bhow (?:is|was) (?:it|this|that) (?:even )?possible\b|"
        r"\bhow (?:can|could|do|does) (?:you|they|it|a (?:company|bank|business)|your \w+) "
        r"(?:not|possibly|still|justify|ignore|expect|keep|get away|sleep|lose|charge|"
        r"take \d|take (?:so|this|that) long|call (?:this|that|yourselves))\b",
        "this is unacceptable, how can",
    ),
    (
        "supposed meant expected",
        r"\b(?:i['’]m|i am|am i|are we|we['’]re|we are) (?:just |now |really )?(?:supposed|"
        r"meant|expected) to\b",
        "this is unacceptable, am i supposed to",
    ),
    ("what_is_this", r"\bwhat (?:on earth |the hell |even )?is this\s*[?!]*\s*$", "ridiculous"),
    # asked again and again: "I have asked 5 times for a receipt", "emailed you four times"
    (
        "times twice",
        r"\b(?:asked|called|rang|phoned|emailed|chased|contacted|messaged|requested|"
        r"complained|written|wrote|told (?:you|them))\b[^.!?]{0,30}?\b(?:(?:\d+|two|three|"
        r"four|five|six|seven|eight|nine|ten|several|multiple|many|countless|numerous|so "
        r"many) times|twice)\b",
        "annoying, asked again and again",
    ),
    # a frustrated purpose: "queued an hour only to be told it was closed"
    (
        "only_to",
        r"\bonly to (?=(?:be|find|get|discover|have|hear|learn|see|receive|wait|stand|sit|"
        r"watch|arrive|end up)\b)",
        "but disappointingly then ",
    ),
    # a connection failing, told without "keeps": "internet dropping every evening"
    (
        "dropping cutting disconnect freezing buffering timing",
        r"\b(?:internet|wi-?fi|signal|connection|broadband|line|calls?|app|stream|tv|"
        r"network|router|service|video)\b[^.!?]{0,15}?\b(?:dropping|drops out|cutting out|"
        r"cuts out|disconnect(?:s|ing)|freezing|buffering|timing out|times out)\b",
        r"\g<0>, failing",
    ),
    # no damaged or late item ever: "never had a single broken egg", "not one late train"
    (
        "never not_a not_one",
        r"\b(?:never (?:had|got|received|seen|found)(?: an?| one| any)?|not (?:a|one))\s+"
        r"(?:single\s+)?(?:broken|damaged|late|missing|faulty|cold|wrong|bad|rotten|dropped|"
        r"failed|lost|delayed|cancell?ed|squashed|leaking)\s+\w+",
        "flawless",
    ),
    # ---- en-ens-28 (issue 14, ensvc3; written_en_r27b) ----
    # money back with thanks is a refund that came ("got my money back, thank you team"),
    # not the review phrase of a product sent back
    (
        "money_back",
        r"^(?=.*\b(?:thank|thanks|cheers|grateful|appreciate|finally)\b)(.*?)\b(?:got|received|"
        r"getting|have) (?:my|our|all (?:my|our)|the) money back\b",
        r"\1got the refund, great",
    ),
    # no answer so far: "no response till now", "no update yet"
    (
        "no_response no_reply no_update no_resolution no_action no_callback no_answer",
        r"\bno (?:response|reply|update|resolution|action|callback|answer)s?\b(?= (?:till|"
        r"until|so far|yet|to date|from|since|after|for)\b|\s*[.!,]|\s*$)",
        "ignored, no response",
    ),
    # failed again and again: "prescription rejected 3 times", "card declined twice"
    (
        "times twice",
        # (not "dropped it twice and it still works": the writer's own doing)
        r"\b(?:rejected|declined|failed|cancell?ed|refused|bounced|denied|"
        r"disconnected)\b[^.!?]{0,20}?\b(?:(?:\d+|two|three|four|five|six|several|"
        r"multiple|many) times|twice)\b",
        "annoying, failed again and again",
    ),
    # ---- en-ens-29 (issue 14, ensvc3; written_en_r27c) ----
    # a problem denied: "nothing missing, everything fresh", "none damaged"
    (
        "nothing none no_item not_one",
        r"\b(?:nothing|none|no items?|not one thing|not a thing) (?:was |were )?(?:missing|"
        # (not "nothing wrong with it, but ...", the lead-in of a reservation)
        r"broken|damaged|late|squashed|leaking|substituted|spoiled)\b",
        "all complete and flawless",
    ),
    # a long wait told as sitting or standing: "sat on the coach for an hour"
    (
        "sat sitting stood standing stuck queued queuing waited",
        r"\b(?:sat|sitting|stood|standing|stuck|queued|queuing|waited)\b[^.!?,]{0,30}?\bfor "
        r"(?:over |more than |almost |nearly |another )?(?:an hour|hours|ages|forever|half an "
        r"hour|\d+\s*(?:hours?|hrs?)|(?:[2-9]\d|\d{3,})\s*(?:minutes|mins))\b",
        "waited painfully long",
    ),
    # ---- en-ens-33 (issue 14, ensvc3; written_en_r27f) ----
    # supplies gone: "the cafe on board had run out of everything by 10am"
    (
        "run_out ran_out sold_out",
        r"(?<!i )(?<!we )(?<!i['’]d )(?<!we['’]d )\b(?:had |has |have )?(?:run|ran|sold) out "
        r"of (?:everything|food|\w+)\b",
        "disappointingly ran out of",
    ),
    ("and_counting", r"\band counting\b", "far too long"),
    # a value put far too low: "valued my car at half what it's worth"
    (
        "half fraction third",
        # (a payout or valuation, not a price: "for half the price" is a bargain)
        r"\b(?:valued|offered|paid(?: out)?|quoted|settled|compensated)\b[^.!?]{0,30}?"
        r"\b(?:at |for )?(?:half|a third|a fraction) (?:of )?(?:what (?:(?:it|they|the \w+|"
        r"my \w+)(?:['’]s|['’]re| is| are| was| were)) worth|(?:the|its|their) (?:value|"
        r"worth))\b",
        "unfairly low",
    ),
    # ---- en-ens-32 (issue 14, ensvc3; written_en_r27e) ----
    # a resolution status quoted back: "your ticket is marked 'solved'"
    (
        "solved resolved fixed complete closed done successful sorted",
        r"\b(?:marked|says|said|showing|shows|status(?: is)?|closed)(?: as)? ['‘\"“](?:solved|"
        r"resolved|fixed|complete|completed|closed|done|successful|sorted)['’\"”]",
        "wrongly closed, still unresolved",
    ),
    # nobody answers: "your office won't pick up", "they never call back"
    (
        "pick_up answer reply respond call_back get_back",
        r"\b(?:won['’]?t|doesn['’]?t|don['’]?t|didn['’]?t|never|will not|does not|do not) "
        r"(?:even )?(?:pick up|answer|reply|respond|call (?:me |us )?back|get back to)\b"
        r"(?![^.!?]*\?)",
        "ignored us, nobody helped",
    ),
    # idioms of praise: "spot on", "bang on time", "long may it last"
    ("spot_on", r"\bspot[- ]on\b", "perfect"),
    ("bang_on", r"\bbang on(?: time)?\b", "perfectly punctual"),
    ("long_may", r"\blong may (?:it|this|that|they) (?:last|continue)\b", "wonderful"),
    # a favour beyond the job: "explained everything and even cleaned up after himself"
    (
        "even",
        r"\beven (?:cleaned up|tidied|helped|carried|offered|threw in|waited|walked (?:me|us) "
        r"(?:through|to|home)|fixed|called (?:me|us) back|came back|gave (?:me|us)|brought|"
        r"took (?:the|our|my) old)\b",
        "kindly, generously, even",
    ),
    # a fault repeated day after day: "brown water from the tap for the second day"
    (
        "second third fourth fifth 2nd 3rd 4th 5th",
        r"\b(?:for|on) the (?:second|third|fourth|fifth|2nd|3rd|4th|5th) (?:day|night|week|"
        r"morning|evening|time)(?: running| in a row| this week)?\b",
        "annoying, again",
    ),
    # a bill far above the usual; a deposit kept
    (
        "double twice triple usual",
        r"\b(?:double|twice|triple|three times) (?:my|our|the) (?:usual|normal|average)\b",
        "overcharged",
    ),
    (
        "deposit",
        r"\b(?:kept|withheld|held on to|took|taken|keeping) (?:my|our|the) (?:£|\$|€)?\d*\s*"
        r"deposit\b",
        "unfairly withheld the deposit",
    ),
    # ---- en-ens-31 (issue 14, ensvc3; written_en_r27d) ----
    # a wrong put right: "the early shift put it right", "your manager turned it around"
    (
        "right around round",
        r"\b(?:put|made|make|set|putting|making) (?:it|things|this|that|everything|matters) "
        r"right\b|\bturned (?:it|things|this|that) (?:around|round)\b",
        "fixed well",
    ),
    # regret: "I wish I had never switched", "wish we'd never booked"
    (
        "wish",
        r"\b(?:i|we) (?:really |honestly )?wish (?:i|we)(?:['’]d| had)? (?:never|not)\b|"
        r"\b(?:i|we) (?:really |honestly )?wish (?:i|we) (?:hadn['’]t|didn['’]t)\b",
        "sadly regret that we ever",
    ),
    # first time, last time: "first time trying you, definitely the last"
    (
        "last",
        r"\bfirst time\b[^.!?]{0,40}?\b(?:and |but |also |definitely |certainly |probably |"
        # (en-ens-39: not "won't be the last", which promises a return)
        r"surely )*(?<!n['’]t be )(?<!not be )(?<!not )(?<!n['’]t be the )(?<!not be the )"
        r"(?<!not the )(?:the )?last(?: time)?\b",
        "never again, awful",
    ),
    # double negation of liking: "there's nothing I don't like about the new plan"
    (
        "nothing",
        r"\bnothing (?:i|we) (?:don['’]t|do not|didn['’]t|did not|wouldn['’]t) (?:like|love|"
        r"enjoy|recommend)\b",
        "love everything",
    ),
    # a preface of rarity is not the verdict: "I don't usually post but ..."
    (
        "usually normally rarely never",
        r"\b(?:i|we) (?:don['’]t|do not|never|rarely|seldom) (?:usually |normally |often |"
        r"ever )?(?:post|write|tweet|review|complain|comment|do this|leave reviews)\w*"
        r"(?: (?:about|on|here) (?:\w+ )?\w+)?,? (?:but|however)\b",
        " ",
    ),
    # a past upset settled, a feared hardship that did not come: "was furious yesterday but
    # Tom sorted everything", "thought I'd be on hold for hours but got through in 2 min"
    (
        "was were",
        r"\b(?:i |we )?(?:was|were) (?:so |really |absolutely |pretty )?(?:furious|angry|"
        r"annoyed|fuming|livid|upset|worried|stressed|nervous|frustrated|panicking|dreading "
        r"\w+)\b(?: (?:yesterday|earlier|at first|last night|this morning|before))?"
        r"(?=[^.!?]*\bbut\b)",
        " at first",
    ),
    (
        "thought expected feared assumed",
        r"\b(?:honestly |really )?(?:thought|expected|feared|assumed|was sure)\b[^.!?]{0,50}?"
        r"\b(?:hours|forever|ages|nightmare|hassle|pain|stressful|awful|painful|on hold|"
        r"queue|wait|waited painfully long)\b[^.!?]{0,30}?\bbut\b",
        " happily",
    ),
    # ---- en-ens-30 (issue 14, ensvc3; probes of short posts) ----
    # litotes of comparison and of complaint: "never had a better flight", "can't
    # complain", "no worries", "nothing but praise"
    (
        "better smoother nicer friendlier faster easier",
        r"\b(?:never|not ever|haven['’]?t ever|have never)\s+(?:had|seen|flown|experienced|"
        r"received|met|been on|tasted|used)\s+(?:a |an |any )?(?:better|smoother|nicer|"
        r"friendlier|faster|easier)\b",
        "had the best ever",
    ),
    ("complain", r"\b(?:can['’]?t|cannot|can not) complain\b(?! (?:to|about))", "satisfied"),
    ("worries", r"\bno worries\b", "all good"),
    (
        "nothing_but",
        r"\bnothing but (?:praise|good things|love|kindness|respect|smiles|positives?|"
        r"good)\b",
        "all praise",
    ),
    (
        "nothing_but",
        r"\bnothing but (?:problems|trouble|issues|excuses|lies|delays|hassle|grief|"
        r"headaches|disappointment)\b",
        "constant problems",
    ),
    # exasperation idioms: "you had one job", "the last straw", "I'm done (with you)"
    ("one_job", r"\byou had (?:one|1) job\b", "incompetent"),
    (
        "last_straw",
        r"\b(?:the|that['’]s the|this is the) (?:last|final) straw\b",
        "fed up, furious",
    ),
    (
        "done",
        r"^\W*(?:(?:honestly|seriously),?\s+)?(?:(?:i['’]m|i am|we['’]re|we are)\s+(?:so |"
        r"just |officially |totally )?done|(?:so|officially|totally) done|done with (?:you|"
        r"this|your \w+))(?: with (?:you|this|your \w+)(?: \w+)?)?[.!]*\s*$",
        "fed up, furious",
    ),
    (
        "hello anyone anybody",
        r"^\W*hel+o{2,}\W*(?=[^?]*\?)|\b(?:is )?any(?:one|body) (?:there|home|awake|out "
        r"there)\?+(?=\s*$)",
        "ignored, ",
    ),
    # hung up on: "your agent hung up on me twice"
    (
        "hung hanging phone_down",
        r"\b(?:hung up on|hangs up on|hanging up on|put the phone down on|cut (?:me|us) off "
        r"mid)\b",
        "rudely and unacceptably hung up on",
    ),
    # left without a utility: "been without power since the storm", "3 days without water"
    (
        "without",
        r"\bwithout (?:any )?(?:service|power|electricity|water|heating|heat|hot water|"
        r"internet|wi-?fi|broadband|signal|phone|tv|gas)\b(?=\s*(?:since|for|all|again|now|"
        r"[.,!?]|$))|"
        # en-ens-33: "11 days without a working SIM"
        r"\bwithout (?:a|any) (?:working|functioning|usable) \w+\b",
        "suffering an outage, \\g<0>",
    ),
    # goods handled roughly: "driver threw my package over the fence"
    (
        "threw thrown throws tossed chucked dumped flung",
        r"\b(?:threw|thrown|throws|tossed|chucked|dumped|flung) (my|the|our|a|it|them)\b",
        r"carelessly mishandled \1",
    ),
    # "why" with a premise of failure: "why does every call take 45 minutes", "why is my
    # bill higher", "why do I always have to chase"
    (
        "why",
        r"^\W*why\b(?=[^?]*\b(?:every|always|never|still|again|so (?:long|slow|hard|difficult|"
        r"expensive|complicated|many)|higher|more expensive|twice|double|forever|ages|"
        r"\d+ (?:minutes|mins|hours|hrs|days|weeks))\b)",
        "frustratingly, why",
    ),
    # "what happened to customer service?", "what happened to my refund?"
    (
        "happened",
        r"\bwhat(?:['’]s| has)? happened to (?:your |the |good |my |our )?(?:customer service|"
        r"service|quality|standards|support|reliability|refund|order|parcel|package|bag|"
        r"luggage|delivery|money|complaint)\b",
        "sadly declined, frustratingly, what happened to it",
    ),
    # a thing feared lost and found: "recovered a folder I thought I'd lost"
    (
        "thought feared",
        r"\b(?:thought|feared|was sure) (?:i|we)(?:['’]d| had) lost\b",
        "happily recovered what seemed",
    ),
    # praise of people: "you guys rock", "the crew rocked"
    (
        "rock",
        r"\b(you(?: guys| all| lot)?|y['’]all|u guys|guys|team|crew|staff|she|he|they) "
        r"rock(?:s|ed)?\b(?! (?:bottom|hard))",
        r"\1 are excellent",
    ),
)
