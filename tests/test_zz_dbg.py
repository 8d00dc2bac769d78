from django.urls import reverse


def test_dbg(world, client):
    client.force_login(world.companion)
    r = client.post(
        reverse("reflection_template_new"),
        {
            "name": "x",
            "purpose": "p",
            "method": "retrospective",
            "kind": "workshop",
            "communities": "99",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-title": "t",
            "steps-0-prompt": "p",
        },
    )
    print(r.status_code)
    body = r.content.decode()
    i = body.find("<form method")
    print(body[i : i + 4000])
