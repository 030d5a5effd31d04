#!/usr/bin/env python3
"""Writes the moments development set: three ~10-minute talks of ordinary, meandering
talk with hand-written strong passages ("planted") placed among it, plus one lively-voiced
but ordinary paragraph per talk (a decoy: loud is not the same as good) and one planted
passage voiced flat (good content must win without the help of delivery).

The ordinary talk is generated from a small grammar with a fixed seed, so the set is
reproducible; its output is committed under crates/moments/tests/devset/talks/ and the
Rust tests read the JSON (they never run this script).

    python3 bench/moments/make_talks.py
"""
import json
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parents[2] / "crates/moments/tests/devset/talks"

CONNECTORS = ["And", "So", "And then", "But", "Also", "Anyway", "And so", "Then", "Um, so", "Well"]
HEDGES = ["more or less", "kind of", "sort of", "I guess", "roughly", "mostly", "in a way"]
MILD = ["fine", "okay", "about the same", "a bit slow", "mostly alright", "not too bad", "a little messy", "pretty normal"]
PRONOUNS = ["they", "we", "he", "she", "the others"]
MEETINGS = ["the Monday meeting", "a call last week", "the planning session", "one of the reviews", "the weekly sync"]
SMALL_NUMBERS = ["two", "three", "a couple of", "four", "a few"]

TEMPLATES = [
    "{conn} we spent {time} looking at {np}, and {hedge} it was {mild}.",
    "{conn} the {team} had a few {plural} about {np}.",
    "I think {np} was {mild}, depending on {np2}.",
    "{conn} that was around the time we moved {np} over to {place}.",
    "We talked about it in {meeting}, and {pron} agreed to look at {np} again.",
    "There were some {plural} with {np}, but nothing {mild2}.",
    "{conn} {pron} went back and checked {np} one more time.",
    "It took {small} weeks, which was {hedge} what we expected.",
    "{conn} {pron} also mentioned {np}, which I will come back to later.",
    "We had a spreadsheet for {np}, and it got updated every now and then.",
    "{conn} {pron} asked whether {np} should wait until after {np2}.",
    "Most of that was handled by the {team}, so I do not know all the details.",
    "{conn} in the end we kept {np} roughly the way it was.",
    "I remember {np} came up a few times, um, in different conversations.",
    "{conn} there is not much more to say about {np} really.",
    "That part was, you know, {mild}, and then we moved on to {np}.",
    "Somebody suggested we write down {np}, so we did that.",
    "{conn} we were also dealing with {np2} at the same time.",
]
RARE = [
    "Does that make sense?",
    "Where was I?",
    "Anyway, moving on.",
    "You can probably guess how that went.",
]
TIMES = ["a week", "most of the afternoon", "a couple of days", "some time", "a while", "the morning"]

TALKS = [
    {
        "id": "startup",
        "title": "What running a small software company taught us",
        "vocab": {
            "np": ["the onboarding flow", "the pricing page", "the support queue", "the release schedule", "the billing system",
                   "the old dashboard", "the customer list", "the roadmap", "the office move", "the hiring plan", "the test servers",
                   "the newsletter", "the settings screen", "the quarterly report", "the sales deck"],
            "team": ["design team", "support team", "sales people", "backend folks", "product group"],
            "plural": ["questions", "tickets", "small issues", "comments", "notes", "changes"],
            "place": ["the new server", "a different tool", "the shared drive", "the other office", "a new vendor"],
        },
        "planted": [
            # ~30 s: question hook, answer, payoff.
            ["Why do most startups actually die?",
             "It is not competition, and it is not a lack of money.",
             "It is building something nobody wants.",
             "We spent eight months and two hundred thousand dollars on a feature that three customers used.",
             "Three, out of four thousand.",
             "Nobody had asked for it, we just assumed they would love it.",
             "So here is the lesson: talk to ten customers before you write a single line of code."],
            # ~55 s: bold claim, a complete list, conclusion.
            ["The biggest mistake I ever made was hiring too fast.",
             "Here is what happens when you double your team in one quarter.",
             "First, nobody knows who owns what, so the same bug gets fixed twice and the important one never.",
             "Second, every meeting doubles in size, and decisions that took a day now take two weeks.",
             "Third, the culture you spent years building is suddenly set by people who joined last month.",
             "Finally, your best engineers become full-time interviewers and stop shipping.",
             "We grew from twelve to thirty people in ninety days, and our output went down.",
             "Not up, down, for two whole quarters, while our payroll almost tripled.",
             "That is why we now have one rule: never hire more than one new person per team per month."],
            # ~30 s, voiced flat: content only.
            ["You do not need more features, you need fewer.",
             "When we removed half of the settings screen, support tickets dropped by forty percent.",
             "Every option you add is a question your customer has to answer.",
             "Most of them never change the defaults anyway, they just get confused and write to support.",
             "We now ask one question before any new setting: what decision are we pushing onto the user?",
             "The point is simple: the best product decision is often the one you delete."],
        ],
        "flat_planted": 2,
    },
    {
        "id": "sleep",
        "title": "Notes from a year of tracking my sleep",
        "vocab": {
            "np": ["the sleep tracker", "the bedroom curtains", "my evening routine", "the weekly chart", "the new pillow",
                   "the alarm settings", "the heart rate numbers", "the app export", "the morning walk", "the coffee schedule",
                   "the reading lamp", "the thermostat", "the notebook", "the weekend schedule", "the travel weeks"],
            "team": ["family", "people at work", "running group", "doctor's office", "book club"],
            "plural": ["gaps", "odd readings", "small changes", "nights", "entries", "graphs"],
            "place": ["the spare room", "a different app", "the new phone", "the cloud folder", "a paper log"],
        },
        "planted": [
            ["Here is something nobody tells you about caffeine.",
             "It has a half life of about six hours.",
             "That means half of your three o'clock coffee is still in your brain at nine at night.",
             "You might fall asleep, but the deep sleep your brain needs gets cut short.",
             "When I stopped drinking coffee after noon, I fell asleep twenty minutes faster, every single night.",
             "My deep sleep went up by almost a third in the first two weeks.",
             "So if you remember one thing, remember this: your sleep starts at lunch."],
            ["What if everything you know about the weekend lie-in is wrong?",
             "I tracked three hundred nights, and the pattern was impossible to miss.",
             "Every time I slept in on Saturday, Sunday night was a disaster.",
             "Your body clock does not know it is the weekend.",
             "Sleeping two extra hours is like flying two time zones west and back every single week.",
             "Researchers even have a name for it: social jet lag.",
             "And just like real jet lag, it leaves you tired, hungry and grumpy on Monday morning.",
             "The fix sounds boring, but it works: get up at the same time every day, weekends included.",
             "It turns out consistency beats duration, and that changed everything for me."],
            ["Stop trying to fall asleep.",
             "The harder you try, the more awake you get, because effort is the opposite of sleep.",
             "Lying there and checking the clock every ten minutes only teaches your brain that bed is a place to worry.",
             "What worked for me was getting out of bed after twenty minutes and reading something boring in dim light.",
             "Within a month I was falling asleep in less than fifteen minutes.",
             "The lesson is that you cannot force sleep, you can only make room for it."],
        ],
        "flat_planted": 0,
    },
    {
        "id": "money",
        "title": "A plain talk about saving and investing",
        "vocab": {
            "np": ["the budget sheet", "the bank statements", "the pension forms", "the savings account", "the insurance letters",
                   "the monthly bills", "the tax paperwork", "the old credit card", "the family budget", "the car loan",
                   "the account settings", "the phone contract", "the receipts folder", "the rent payments", "the shared account"],
            "team": ["bank people", "accountant", "family", "advisor's office", "people at work"],
            "plural": ["forms", "letters", "small fees", "questions", "statements", "reminders"],
            "place": ["a new bank", "the online portal", "a different folder", "the other account", "a paper file"],
        },
        "planted": [
            ["If you invest one hundred dollars a month from age twenty five, you will likely retire with more money than someone who invests three hundred a month from age forty five.",
             "That is not a trick, it is compound interest.",
             "Every dollar you invest early earns returns, and then those returns earn returns of their own.",
             "After forty years, most of the money in the account is money you never put in.",
             "Time in the market matters more than the amount.",
             "So the best day to start was ten years ago, and the second best day is today."],
            ["Here are the three money rules I wish someone had told me at twenty.",
             "First, pay yourself before you pay anyone else: the day your salary arrives, move ten percent into savings automatically.",
             "Second, never carry a credit card balance, because twenty percent interest will eat any investment return you can find.",
             "Third, keep three months of expenses in cash, so an emergency never forces you to sell at the worst moment.",
             "None of this is exciting, and that is exactly the point.",
             "I followed these three rules for ten years and never once had to borrow money for an emergency.",
             "The bottom line is that boring money habits build wealth, and exciting ones usually destroy it."],
            ["Why do smart people lose money in the stock market?",
             "Because they try to time it.",
             "If you missed just the ten best days of the last twenty years, your return would have been cut in half.",
             "And most of those best days came right after the worst ones, when everyone was selling in panic.",
             "Nobody can tell you in advance which days those will be, not your advisor and not the experts on television.",
             "The lesson is simple: stay invested, and stop checking your portfolio every morning."],
        ],
        "flat_planted": 1,
    },
]

TARGET_WORDS = 1550


def ordinary_sentence(rng, vocab):
    if rng.random() < 0.05:
        return rng.choice(RARE)
    t = rng.choice(TEMPLATES)
    np, np2 = rng.sample(vocab["np"], 2)
    return t.format(conn=rng.choice(CONNECTORS), time=rng.choice(TIMES), np=np, np2=np2, hedge=rng.choice(HEDGES),
                    mild=rng.choice(MILD), mild2=rng.choice(["serious", "major", "urgent", "dramatic"]),
                    team=rng.choice(vocab["team"]), plural=rng.choice(vocab["plural"]), place=rng.choice(vocab["place"]),
                    meeting=rng.choice(MEETINGS), pron=rng.choice(PRONOUNS), small=rng.choice(SMALL_NUMBERS))


def ordinary_paragraph(rng, vocab, n):
    out = []
    while len(out) < n:
        s = ordinary_sentence(rng, vocab)
        if s not in out:
            out.append(s)
    return out


def build(talk, seed):
    rng = random.Random(seed)
    planted = [dict(kind="planted", voice="flat" if i == talk["flat_planted"] else "lively", sentences=p)
               for i, p in enumerate(talk["planted"])]
    decoy = dict(kind="decoy", voice="lively", sentences=ordinary_paragraph(rng, talk["vocab"], 5))
    special = planted + [decoy]
    words = sum(len(" ".join(p["sentences"]).split()) for p in special)
    ordinary = []
    while words < TARGET_WORDS:
        p = ordinary_paragraph(rng, talk["vocab"], rng.randint(4, 7))
        ordinary.append(dict(kind="ordinary", voice="normal", sentences=p))
        words += len(" ".join(p).split())
    # Spread the special paragraphs through the talk, never first or back to back.
    slots = sorted(rng.sample(range(1, len(ordinary)), len(special)))
    rng.shuffle(special)
    paragraphs = []
    for i, p in enumerate(ordinary):
        if i in slots:
            paragraphs.append(special[slots.index(i)])
        paragraphs.append(p)
    return dict(id=talk["id"], title=talk["title"], durations=["30", "60"], paragraphs=paragraphs)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for n, talk in enumerate(TALKS):
        data = build(talk, seed=1000 + n)
        (OUT / f"{talk['id']}.json").write_text(json.dumps(data, indent=1) + "\n")
        words = sum(len(" ".join(p["sentences"]).split()) for p in data["paragraphs"])
        print(f"{talk['id']}: {len(data['paragraphs'])} paragraphs, {words} words")


if __name__ == "__main__":
    main()
