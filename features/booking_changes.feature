Feature: Bookings come and go without double-booking anyone
  A booking blocks its technician from its start to its end (half-open: the end is free again).
  Cancelling frees the time; moving a booking onto a taken time changes nothing at all.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: Back-to-back bookings touch but do not overlap
    When 王小姐 books 小美 at 13:00
    Then the booking is confirmed for 小美 at 13:00
    When 林小姐 books 小美 at 14:00
    Then the booking is confirmed for 小美 at 14:00
    And both bookings are confirmed
    And 小美's bookings on the booking day are:
      | customer | starts | ends  |
      | 王小姐   | 13:00  | 14:00 |
      | 林小姐   | 14:00  | 15:00 |
    And every successful write answered with an X-Nailbook-LSN header

  Scenario: A cancelled slot becomes free again
    Given 王小姐 has booked 小美 at 14:00
    And 14:00 is not offered for 小美 on the booking day
    When the salon cancels 王小姐's booking because "臨時要加班"
    Then 王小姐's booking is cancelled with reason "臨時要加班"
    And 14:00 is offered for 小美 on the booking day
    When 林小姐 books 小美 at 14:00
    Then the booking is confirmed for 小美 at 14:00
    And the history of 王小姐's booking reads "created, cancelled"
    And 小美 has exactly 1 confirmed booking on the booking day

  Scenario: Moving a booking onto a taken slot is refused and changes nothing
    Given 王小姐 has booked 小美 at 14:00
    And 林小姐 has booked 小美 at 16:00
    When the salon moves 林小姐's booking to 14:00
    Then the request is refused with 409 "overlap" naming 王小姐's booking
    And 林小姐's booking still starts at 16:00 with 小美
    And the history of 林小姐's booking reads "created"
    And 16:00 is not offered for 小美 on the booking day
