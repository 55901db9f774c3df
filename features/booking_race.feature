Feature: Two customers race for the same slot
  No two bookings of one technician ever overlap, even when two customers tap "book" on LINE at the
  same moment: exactly one gets the slot, the other is told who is in the way.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: Only one of two simultaneous bookings of 小美's 14:00 wins
    When 王小姐 and 林小姐 both book 小美 at 14:00 at the same moment
    Then exactly one of them gets the booking
    And the other is refused with 409 "overlap" naming the winner's booking
    And 小美 has exactly 1 confirmed booking on the booking day
    And 14:00 is not offered for 小美 on the booking day
