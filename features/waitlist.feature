Feature: Waitlist with LINE offers
  A customer who finds the time she wants taken joins the salon's waitlist. When the slot frees up, the first
  customer waiting for it is offered it (a LINE message with "book this slot") and the slot is held for her;
  declining or silence passes it to the next customer, accepting books it. One slot is offered to one customer at
  a time.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And a customer "陳小姐"
    And the booking day is 3 days from today

  Scenario: A full waitlist hand-off
    Given 王小姐 has booked 小美 at 11:00
    When 林小姐 joins the waitlist for "單色凝膠" with 小美 from 11:00 to 12:00
    And 陳小姐 joins the waitlist for "單色凝膠" with 小美 from 11:00 to 12:00
    Then 林小姐 is waiting
    When the salon cancels 王小姐's booking because "臨時有事"
    Then 林小姐 is offered 11:00 with 小美
    And 陳小姐 is waiting
    When 王小姐 tries to book 小美 at 11:00
    Then the request is refused with 409 "overlap"
    When 林小姐 declines the offer
    Then 陳小姐 is offered 11:00 with 小美
    And 林小姐's waitlist entry is "declined"
    When 陳小姐 accepts the offer
    Then 陳小姐 has the booking she was offered, with 小美 at 11:00
    And 陳小姐's waitlist entry is "booked"
    And 小美 has exactly 1 confirmed booking on the booking day

  Scenario: Leaving the waitlist before any offer
    When 林小姐 joins the waitlist for "單色凝膠" with 小美 from 15:00 to 17:00
    Then 林小姐 is offered 15:00 with 小美
    When 陳小姐 joins the waitlist for "單色凝膠" with 小美 from 15:00 to 16:00
    And 陳小姐 leaves the waitlist
    Then 陳小姐's waitlist entry is "left"
    And 林小姐 cannot join the waitlist for "單色凝膠" with 小美 from 16:00 to 17:00 again
