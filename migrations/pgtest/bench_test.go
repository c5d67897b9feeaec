package pgtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BenchmarkNewSchema measures what each test's schema costs the server:
// made from the template and dropped, on the process's admin connections
// (as New does) and, alternating with it as the baseline, on a new
// connection for each step (as New did before, which also committed its
// CREATE SCHEMA apart). Reports ms per schema.
//
//	go test -run '^$' -bench BenchmarkNewSchema -benchtime 20x ./migrations/pgtest/
func BenchmarkNewSchema(b *testing.B) {
	ctx := context.Background()
	script, err := templateScript()
	if err != nil {
		b.Fatal(err)
	}
	adm, err := adminPool(ctx)
	if err != nil {
		b.Fatalf("%v\n%s", err, startHint)
	}
	fresh := func(sql string) {
		c, err := pgx.Connect(ctx, URL())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	var warmMake, warmDrop, coldMake, coldDrop time.Duration
	b.ResetTimer()
	for i := range b.N {
		name := fmt.Sprintf("bench_schema_%d_%d", time.Now().UnixNano(), i)
		t0 := time.Now()
		if err := fromTemplate(ctx, adm, script, name); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := adm.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		fresh("CREATE SCHEMA " + name + ";\n" + replaceToken(script, name))
		t3 := time.Now()
		fresh("DROP SCHEMA " + name + " CASCADE")
		t4 := time.Now()
		warmMake += t1.Sub(t0)
		warmDrop += t2.Sub(t1)
		coldMake += t3.Sub(t2)
		coldDrop += t4.Sub(t3)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(warmMake), "make-ms")
	b.ReportMetric(ms(warmDrop), "drop-ms")
	b.ReportMetric(ms(coldMake), "baseline-make-ms")
	b.ReportMetric(ms(coldDrop), "baseline-drop-ms")
	b.ReportMetric(ms(warmMake+warmDrop)/ms(coldMake+coldDrop), "ratio")
}
