from content.text_rules import sms_length_error, sms_report, x_length_error, x_weighted_length


def test_urls_count_as_23_whatever_their_length():
    long_url = "https://portalder.example/" + "a" * 200
    assert x_weighted_length(f"Boil water {long_url}") == len("Boil water ") + 23


def test_cjk_and_emoji_weigh_two():
    assert x_weighted_length("水") == 2
    assert x_weighted_length("⚠") == 2  # U+26A0 is outside the light ranges
    assert x_weighted_length("é") == 1


def test_281_weighted_characters_is_refused_with_the_count():
    link = " https://portalder.example/u"  # a text with its own link is posted as written
    error = x_length_error("a" * 257 + link)
    assert "281 of 280" in error and "Shorten it by 1" in error
    assert x_length_error("a" * 256 + link) is None


def test_sms_gsm7_single_and_multi_segment():
    assert sms_report("a" * 160).segments == 1
    report = sms_report("a" * 161)
    assert (report.encoding, report.segments) == ("GSM-7", 2)


def test_sms_extension_characters_take_two_septets():
    assert sms_report("€" * 80).units == 160


def test_sms_switches_to_ucs2_for_arabic_and_counts_70():
    report = sms_report("م" * 71)
    assert (report.encoding, report.segments) == ("UCS-2", 2)
    assert str(report) == "UCS-2, 2 segments (71 UCS-2 units)"


def test_more_than_three_segments_is_refused():
    assert sms_length_error("a" * 459) is None
    error = sms_length_error("a" * 460)
    assert "4 segments" in error and "At most 3" in error


def test_x_length_is_counted_as_posted_with_the_link_once():
    from content.text_rules import x_length_error, x_post_length, x_post_text

    text = "Boil water in East Hill. " + "x" * 230  # 255 characters, no link
    assert x_post_length(text) == 255 + 24  # the alert's link is added: space + 23
    assert x_length_error(text + "x" * 2) and "as posted" in x_length_error(text + "x" * 2)
    assert x_length_error(text) is None
    own_link = "Updates: https://portalder.example/updates"
    assert x_post_text(own_link, "https://portalder.example/updates/") == own_link
    assert x_post_text("Boil water.", "https://portalder.example/updates/") == (
        "Boil water. https://portalder.example/updates/")
    assert x_post_length(own_link) == x_post_length(own_link, link_added=False)


def test_what_the_preview_counts_is_what_x_receives(db, site):
    from alerts.channels.x import XChannel, compose_post
    from alerts.models import Alert
    from content.text_rules import x_weighted_length
    from tests.helpers.content import make_message

    message = make_message(social_text="Shelter open at Pier 4. " + "y" * 200)
    alert = Alert(message=message, event="Shelter", area_desc="Harbor",
                  web="https://portalder.example/updates/")
    post = compose_post(alert)
    assert post.endswith(" https://portalder.example/updates/") and post.count("https://") == 1
    assert f"({x_weighted_length(post)} of 280" in XChannel().preview(alert)
    assert x_weighted_length(post) == message.social_length
    # once saved, the post links the alert's own page, as the emails do (a crisis-day
    # probe's post linked the home page); the length is the same (a link counts 23)
    alert.save()
    saved = compose_post(alert)
    assert saved.endswith(f"/alerts/{alert.pk}/") and saved.count("https://") + saved.count(
        "http://") == 1
    assert x_weighted_length(saved) == x_weighted_length(post)
