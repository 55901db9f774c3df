Feature: Holds keep a slot while the customer confirms
  When a customer picks a slot in the LINE booking page, the salon holds it for a few minutes
  (the merchant's holdMinutes) so that nobody else can take it while she confirms.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: A live hold blocks everybody else, and its holder can confirm it
    Given 王小姐 holds 小美's 14:00
    Then 14:00 is not offered for 小美 on the booking day
    When 林小姐 tries to book 小美 at 14:00
    Then the request is refused with 409 "overlap" naming 王小姐's hold
    When 王小姐 confirms her hold
    Then the booking is confirmed for 小美 at 14:00

  Scenario: A released hold frees the slot and can no longer be confirmed
    Given 王小姐 holds 小美's 14:00
    When 王小姐's hold is released
    Then 14:00 is offered for 小美 on the booking day
    When 王小姐 confirms her hold
    Then the request is refused with 404 "not_found"
    When 林小姐 books 小美 at 14:00
    Then the booking is confirmed for 小美 at 14:00

  # Waits for a real one-minute hold to run out (about 61 s); NAILBOOK_SKIP_SLOW=1 skips it.
  @slow
  Scenario: An expired hold stops blocking by itself
    Given the salon keeps holds for 1 minute
    And 王小姐 holds 小美's 14:00
    Then 14:00 is not offered for 小美 on the booking day
    And within 75 seconds 14:00 is offered for 小美 on the booking day again
    When 王小姐 confirms her hold
    Then the request is refused as an expired hold
    When 林小姐 books 小美 at 14:00
    Then the booking is confirmed for 小美 at 14:00
