-- Send requests drawn at random from a file, one a line: "GET /path" or "POST /path body".
-- A 303 answer is followed with a GET of its Location, as a browser does after a search.
-- The file is the script's first argument; done() is wrk_report.lua's, loaded from beside this script.
local lines, follow = {}, nil
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_report.lua")

init = function(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  -- Each wrk thread draws its own sequence.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  if follow then
    local path = follow
    follow = nil
    return wrk.format("GET", path)
  end
  local method, path, body = lines[math.random(#lines)]:match("^(%S+) (%S+) ?(.*)$")
  if method == "POST" then
    return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  if status == 303 then follow = headers["Location"] end
end
