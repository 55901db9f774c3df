Feature: Old bookings leave memory, never the salon's records
  The platform archives closed bookings (completed, cancelled, no-show) into files. They stay readable by id, in
  their history, in the customer's bookings and in the salon's export; open bookings are never archived.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: An archived booking is still found everywhere the salon looks
    Given 王小姐 has booked 小美 at 14:00
    And 林小姐 has booked 小美 at 16:00
    When the salon cancels 王小姐's booking because "臨時要加班"
    And the platform archives the closed bookings that started before the day after the booking day
    Then 王小姐's booking reads the same as before, marked archived
    And the history of 王小姐's booking reads "created, cancelled"
    And 林小姐's booking is still confirmed
    And 王小姐's bookings list her booking as archived
    And the salon's CSV export lists 王小姐's booking as archived

  Scenario: Erasing a customer blanks the texts of her archived bookings too
    Given 王小姐 has booked 小美 at 14:00
    When the salon cancels 王小姐's booking because "家裡有事"
    And the platform archives the closed bookings that started before the day after the booking day
    And the salon erases 王小姐's personal data
    Then 王小姐's archived booking keeps its times but not the reason "家裡有事"
