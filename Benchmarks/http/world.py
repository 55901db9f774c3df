"""Creates a benchmark world through the API and writes the wrk script that books in it (OUT), and the one that books
distinct slots (OUT with .distinct.lua).

Usage: python3 world.py URL ADMIN_TOKEN OUT.lua [merchants] [staff per merchant]
"""
import json
import sys
import urllib.request

url, token, out = sys.argv[1], sys.argv[2], sys.argv[3]
merchants = int(sys.argv[4]) if len(sys.argv) > 4 else 20
staff_per_merchant = int(sys.argv[5]) if len(sys.argv) > 5 else 10


def call(method, path, body=None):
    request = urllib.request.Request(
        url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
    )
    return json.load(urllib.request.urlopen(request))


hours = [{"weekday": day, "start": "10:00", "end": "20:00"} for day in range(1, 8)]
rows = []
for index in range(merchants):
    merchant = call("POST", "/v1/merchants", {"name": "Bench salon %d" % index, "maxDaysAhead": 400})
    base = "/v1/merchants/" + merchant["id"]
    service = call("POST", base + "/services", {"name": "Gel", "durationMinutes": 60})
    customer = call("POST", base + "/customers", {"displayName": "Guest"})
    for number in range(staff_per_merchant):
        staff = call("POST", base + "/staff", {"name": "Tech %d" % number, "workingHours": hours})
        rows.append((merchant["id"], service["id"], staff["id"], customer["id"]))

with open(sys.argv[0].replace("world.py", "book.lua.in")) as template:
    script = template.read()
table = ",\n".join('  {"%s","%s","%s","%s"}' % row for row in rows)
with open(out, "w") as lua:
    lua.write("local world = {\n" + table + "\n}\n" + script.replace("@TOKEN@", token))
with open(sys.argv[0].replace("world.py", "distinct.lua.in")) as template:
    script = template.read()
with open(out.replace(".lua", ".distinct.lua"), "w") as lua:
    lua.write("local world = {\n" + table + "\n}\n" + script.replace("@TOKEN@", token))
print("world: %d merchants, %d staff" % (merchants, len(rows)))
