from reliability.cli import app

app(prog_name="reliability")
