"""The home page's list tags give exactly what the template markup they replace gave: escaping,
dates in the reader's language and time zone, counted phrases in Hebrew."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from organizations.selectors_home import AssignedStory, Task, ToldStory
from organizations.templatetags.home_tags import assigned_cards, task_items, told_story_items

TASKS_MARKUP = """{% for task in tasks %}
    <li class="list-group-item d-flex flex-wrap justify-content-between gap-2 task-{{ task.kind }}">
      <span><a href="{{ task.url }}" dir="auto">{{ task.text }}</a>{% if task.program is not None %} <span class="small text-body-secondary" dir="auto">· {{ task.program }}</span>{% endif %}</span>
      {% if task.when %}<span class="small text-body-secondary">{% if task.kind == "training" %}{{ task.when|date:"SHORT_DATE_FORMAT" }}{% else %}{{ task.when|date:"SHORT_DATETIME_FORMAT" }}{% endif %}</span>{% endif %}
    </li>
    {% endfor %}"""  # noqa: E501

CARDS_MARKUP = """{% load i18n %}{% for row in assigned %}{% with s=row.story %}
    <div class="col-12 col-md-6">
      <article class="card h-100 assigned-story">
        <div class="card-body">
          <p class="small text-body-secondary mb-1">{{ s.program_title }}</p>
          <h3 class="h6 card-title"><a href="{% pk_url 'story_documentation' s.pk %}">{{ s.title }}</a></h3>
          <p class="small mb-2">{% blocktranslate count n=s.interview_count %}{{ n }} interview{% plural %}{{ n }} interviews{% endblocktranslate %} · {% if s.is_approved %}{% translate "story approved" %}{% elif s.latest_draft %}{% blocktranslate with v=s.latest_draft %}draft v{{ v }}{% endblocktranslate %}{% else %}{% translate "not written yet" %}{% endif %}</p>
          {% if row.todo %}
          <p class="small fw-semibold mb-1">{% translate "Left to do:" %}</p>
          <ul class="small mb-0">{% for t in row.todo %}<li>{{ t }}</li>{% endfor %}</ul>
          {% else %}
          <p class="small text-success mb-0">{% translate "Nothing left to do on this story." %}</p>
          {% endif %}
        </div>
      </article>
    </div>
    {% endwith %}{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_task_items_are_the_template_markup(language, settings):
    settings.TIME_ZONE = "Asia/Jerusalem"
    when = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    tasks = [
        Task(kind="meeting", text="Meeting: <b>A & B</b>", url="/m/1/?a=1&b=2", program="P <1>"),
        Task(kind="meeting", text="Meeting: later", url="/m/2/", program="Prog", when=when),
        Task(kind="training", text="Training “x”", url="/c/3/", when=dt.date(2026, 4, 2)),
        Task(kind="decision", text="Decision", url="/s/4/", program="", when=when),
    ]
    with translation.override(language), timezone.override("Asia/Jerusalem"):
        expected = Template(TASKS_MARKUP).render(Context({"tasks": tasks}))
        assert task_items(tasks) == expected
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in expected and "?a=1&amp;b=2" in expected
    assert task_items([]) == ""


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_assigned_cards_are_the_template_markup(language):
    def row(pk, interviews, approved, draft, todo):
        story = SimpleNamespace(
            pk=pk,
            title=f"Story <{pk}> & co",
            program_title="Program “A” & <B>",
            interview_count=interviews,
            is_approved=approved,
            latest_draft=draft,
        )
        return AssignedStory(story=story, todo=todo)

    assigned = [
        row(1, 0, False, None, ["Interview the client", "Write <the> story"]),
        row(2, 1, False, 3, ["Waiting for the committee's approval"]),
        row(3, 2, True, 4, []),
        row(4, 11, False, None, []),
    ]
    with translation.override(language):
        expected = Template(CARDS_MARKUP).render(Context({"assigned": assigned}))
        assert assigned_cards(assigned) == expected
    assert "Write &lt;the&gt; story" in expected and "Story &lt;1&gt; &amp; co" in expected
    assert assigned_cards([]) == ""


TOLD_MARKUP = """{% for story in my_stories %}
    <li class="list-group-item d-flex justify-content-between align-items-center gap-2 flex-wrap">
      <span><a href="{% pk_url 'story_detail' story.pk %}">{{ story.title }}</a> <span class="small text-body-secondary">· {{ story.program_title }}</span></span>
      <span class="badge status-{{ story.status }}">{{ story.status_label }}</span>
    </li>
    {% endfor %}"""  # noqa: E501


def test_told_story_items_are_the_template_markup():
    stories = [
        ToldStory(1, "Back <to> work & more", "Program “A”", "nominated", "Nominated"),
        ToldStory(22, "O'Brien's story", "P & Q", "on_hold", "On hold <later>"),
    ]
    expected = Template(TOLD_MARKUP).render(Context({"my_stories": stories}))
    assert told_story_items(stories) == expected
    assert "Back &lt;to&gt; work &amp; more" in expected and "O&#x27;Brien" in expected
    assert told_story_items([]) == ""
