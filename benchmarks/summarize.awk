# Summarizes the quick-mode output of several runs (one file per run) into the rows of run.sh's table.
# Every Markdown table in the files is read; a row is identified by its table's header and its first cell,
# and every numeric cell becomes the median over the runs (non-numeric cells: the first run's text).
# Variables: osmo (libosmocore vectors/s, empty when absent), osmo_name (its row label), runs_label,
# statistic ("median", or "best": the highest ops/s of the runs for the quick AKA table).
# Output: table rows "| Figure | Value | vs libosmocore / note |", AuC rows first, then the others.

function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function plain(s) { s = trim(s); gsub(/,/, "", s); return s }
function isnum(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ }

function split_cells(line, cells,    n, i, raw, parts) {
    raw = line
    sub(/^[ \t]*\|/, "", raw)
    sub(/\|[ \t]*$/, "", raw)
    n = split(raw, parts, "|")
    for (i = 1; i <= n; i++) cells[i] = trim(parts[i])
    return n
}

function grouped(x,    s, out, neg) {
    s = sprintf("%.0f", x)
    neg = (substr(s, 1, 1) == "-")
    if (neg) s = substr(s, 2)
    out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    return (neg ? "-" : "") s out
}

function rate(x) {
    if (x >= 1e6) return sprintf("%.2f M", x / 1e6)
    if (x >= 1e3) return sprintf("%.1f k", x / 1e3)
    return sprintf("%.0f", x)
}

function ns(x) { return x >= 100 ? grouped(x) : sprintf("%.1f", x) }

function number(x) {
    if (x == int(x) || x >= 1000) return grouped(x)
    return sprintf("%.2f", x)
}

function ratio(x) { return osmo != "" && osmo > 0 ? sprintf("%.2fx", x / osmo) : "n/a" }

# The median of a cell over the runs; with statistic=best, the AKA table's highest ops/s and lowest ns/op.
function median(key, c,    i, m, v, tmp, j, t) {
    m = 0
    for (i = 1; i <= runs; i++) {
        if ((key, c, i) in val) { v = plain(val[key, c, i]); if (!isnum(v)) return ""; tmp[++m] = v + 0 }
    }
    if (m == 0) return ""
    for (i = 2; i <= m; i++) { t = tmp[i]; for (j = i - 1; j >= 1 && tmp[j] > t; j--) tmp[j + 1] = tmp[j]; tmp[j + 1] = t }
    if (statistic == "best" && hdr[key] == aka && c == opsCol) return tmp[m]
    if (statistic == "best" && hdr[key] == aka && c == nsCol) return tmp[1]
    return m % 2 ? tmp[(m + 1) / 2] : (tmp[m / 2] + tmp[m / 2 + 1]) / 2
}

function column(h, name,    i) {
    for (i = 2; i <= hcols[h]; i++) if (hname[h, i] == name) return i
    return 0
}

# The key of the quick AKA table's row whose name starts with prefix (first match), or "".
function find(prefix,    i, k) {
    for (i = 1; i <= n; i++) {
        k = order[i]
        if (index(name[k], "SQNs given") > 0 && index(prefix, "SQNs given") == 0) continue
        if (hdr[k] == aka && index(name[k], prefix) == 1) return k
    }
    return ""
}

FNR == 1 { runs++; intable = 0; previous = 0 }

/^[ \t]*\|/ {
    nc = split_cells($0, cells)
    if ($0 ~ /^[ \t]*\|[ \t:|-]+\|?[ \t]*$/ && previous) {
        # Separator: the line before was the header.
        h = ""
        for (i = 1; i <= pn; i++) h = h "|" pcells[i]
        if (!(h in hseen)) {
            hseen[h] = 1; hcols[h] = pn
            for (i = 1; i <= pn; i++) hname[h, i] = pcells[i]
            if (pcells[1] == "Scenario" && pcells[2] == "ops/s") { aka = h; opsCol = column(aka, "ops/s"); nsCol = column(aka, "ns/op") }
        }
        current = h; intable = 1; previous = 0
        next
    }

    if (intable) {
        key = current SUBSEP cells[1]
        if (!(key in seen)) { seen[key] = 1; order[++n] = key; hdr[key] = current; name[key] = cells[1]; ncols[key] = nc }
        for (i = 2; i <= nc; i++) val[key, i, runs] = cells[i]
        next
    }

    pn = nc
    for (i = 1; i <= nc; i++) pcells[i] = cells[i]
    previous = 1
    next
}

{ intable = 0; previous = 0 }

END {

    print "| **AuC: network-side MILENAGE vectors, one core (" runs_label ")** | | |"
    if (osmo != "") {
        print "| " osmo_name " | " rate(osmo) " vectors/s, " ns(1e9 / osmo) " ns/vector | 1.00x |"
    } else {
        print "| " osmo_name " | n/a | n/a |"
    }

    for (i = 1; i <= n; i++) {
        k = order[i]
        if (hdr[k] != aka) continue
        if (index(name[k], "AV generation") == 1) {
            o = median(k, opsCol); t = median(k, nsCol)
            if (o == "") continue
            print "| " name[k] " | " rate(o) " vectors/s, " ns(1e9 / o) " ns/vector | " ratio(o) " |"
            auc[k] = 1
        }
    }

    for (i = 1; i <= n; i++) {
        k = order[i]
        if (hdr[k] != aka) continue
        if (index(name[k], "AES-NI floor") == 1 || index(name[k], "6 AES blocks") == 1) {
            o = median(k, opsCol)
            if (o == "") continue
            unit = index(name[k], "6 AES blocks") == 1 ? "per 6 blocks" : "per vector"
            print "| " name[k] " | " ns(1e9 / o) " ns " unit " (" rate(o) "/s) | AES rounds only |"
            auc[k] = 1
        }
    }

    fast = find("AV generation, MILENAGE, HostMilenage fast path")
    batch = find("AV generation, MILENAGE, HostMilenage batch of 16")
    floorOne = find("AES-NI floor per vector (5 blocks), one vector")
    floorPairs = find("AES-NI floor per vector (5 blocks), pipelined")
    floorLimit = find("AES-NI floor per vector (5 blocks), independent")
    if (fast != "" && floorOne != "" && median(floorOne, opsCol) > 0) {
        f = median(fast, opsCol) / median(floorOne, opsCol)
        printf "| HostMilenage fast path: share of its AES-NI floor | %.0f %% | floor: one vector at a time |\n", 100 * f
    }
    if (batch != "" && floorPairs != "" && median(floorPairs, opsCol) > 0) {
        f = median(batch, opsCol) / median(floorPairs, opsCol)
        printf "| HostMilenage batch of 16: share of its AES-NI floor | %.0f %% | floor: pipelined pairs, same batching |\n", 100 * f
    }
    given = find("AV generation, MILENAGE, HostMilenage batch of 16, SQNs given")
    if (given != "" && floorPairs != "" && median(floorPairs, opsCol) > 0) {
        f = median(given, opsCol) / median(floorPairs, opsCol)
        printf "| HostMilenage batch of 16, SQNs given: share of its AES-NI floor | %.0f %% | floor: pipelined pairs, same batching |\n", 100 * f
    }
    if (batch != "" && floorLimit != "" && median(floorLimit, opsCol) > 0) {
        f = median(batch, opsCol) / median(floorLimit, opsCol)
        printf "| HostMilenage batch of 16: share of the AES-NI throughput limit | %.0f %% | 5 independent blocks per vector |\n", 100 * f
    }
    if (osmo != "" && fast != "") {
        best = median(fast, opsCol); if (batch != "" && median(batch, opsCol) > best) best = median(batch, opsCol)
        printf "| Issue 2/8 target: at least 3x libosmocore | %s | fast path %s, batch %s |\n", (median(fast, opsCol) >= 3 * osmo ? "met" : "NOT met"), ratio(median(fast, opsCol)), (batch != "" ? ratio(median(batch, opsCol)) : "n/a")
    } else {
        print "| Issue 2/8 target: at least 3x libosmocore | n/a | " (osmo == "" ? "libosmocore not measured" : "no HostMilenage fast path row") " |"
    }

    print "| **Device side and other scenarios (quick mode)** | | |"
    for (i = 1; i <= n; i++) {
        k = order[i]
        if (k in auc) continue
        # Numeric cells become the value (with their column name unless it is "Value"); text cells the note.
        h = hdr[k]
        text = ""
        note = ""
        for (c = 2; c <= ncols[k]; c++) {
            m = median(k, c)
            if (m == "") { if (val[k, c, 1] != "" && val[k, c, 1] != "n/a") note = note (note == "" ? "" : "; ") val[k, c, 1]; continue }
            cell = (h == aka && c == opsCol) ? rate(m) : number(m)
            if (hname[h, c] != "Value") cell = cell " " hname[h, c]
            text = text (text == "" ? "" : ", ") cell
        }
        print "| " name[k] " | " (text == "" ? "n/a" : text) " | " note " |"
    }
}
